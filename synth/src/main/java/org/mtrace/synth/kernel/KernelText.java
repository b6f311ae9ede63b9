package org.mtrace.synth.kernel;

import java.util.List;

/**
 * Functions of the scenario kernel, at addresses in the usual x86-64 kernel
 * text range (0xffffffff81000000 and up). Syscall entry points are what fcall
 * entries carry; the helpers are call targets and access sites.
 */
public final class KernelText {
    public static final long TEXT_START = 0xffffffff81000000L;

    public static final KernelFunction SYS_OPEN = new KernelFunction("sys_open", 0xffffffff811c2a40L);
    public static final KernelFunction SYS_CLOSE = new KernelFunction("sys_close", 0xffffffff811c1f10L);
    public static final KernelFunction SYS_READ = new KernelFunction("sys_read", 0xffffffff811c4a00L);
    public static final KernelFunction SYS_WRITE = new KernelFunction("sys_write", 0xffffffff811c4b80L);
    public static final KernelFunction SYS_GETPID = new KernelFunction("sys_getpid", 0xffffffff8108e2c0L);
    public static final KernelFunction SYS_NEWSTAT = new KernelFunction("sys_newstat", 0xffffffff811c9f50L);
    public static final KernelFunction SYS_RENAME = new KernelFunction("sys_rename", 0xffffffff811d3e60L);
    public static final KernelFunction SYS_FSYNC = new KernelFunction("sys_fsync", 0xffffffff811f0c30L);
    /** Entry of the local APIC timer interrupt (an fcall stack nested on a syscall). */
    public static final KernelFunction TIMER_INTERRUPT = new KernelFunction("apic_timer_interrupt",
            0xffffffff816f3c80L);

    public static final KernelFunction KMEM_CACHE_ALLOC = new KernelFunction("kmem_cache_alloc", 0xffffffff8118a6d0L);
    public static final KernelFunction KMEM_CACHE_FREE = new KernelFunction("kmem_cache_free", 0xffffffff8118b2e0L);
    public static final KernelFunction ALLOC_EMPTY_FILE = new KernelFunction("get_empty_filp", 0xffffffff811c5d40L);
    public static final KernelFunction FPUT = new KernelFunction("fput", 0xffffffff811c6b10L);
    public static final KernelFunction VFS_WRITE = new KernelFunction("vfs_write", 0xffffffff811c4210L);
    public static final KernelFunction VFS_READ = new KernelFunction("vfs_read", 0xffffffff811c3f90L);
    public static final KernelFunction PERCPU_COUNTER_ADD = new KernelFunction("__percpu_counter_add",
            0xffffffff81338d20L);
    public static final KernelFunction PATH_LOOKUPAT = new KernelFunction("path_lookupat", 0xffffffff811cb7e0L);
    public static final KernelFunction RAW_SPIN_LOCK = new KernelFunction("_raw_spin_lock", 0xffffffff816e9b10L);
    public static final KernelFunction RAW_SPIN_UNLOCK = new KernelFunction("_raw_spin_unlock", 0xffffffff816e9c40L);
    public static final KernelFunction UPDATE_PROCESS_TIMES = new KernelFunction("update_process_times",
            0xffffffff810a1b60L);
    public static final KernelFunction DO_TIMER = new KernelFunction("do_timer", 0xffffffff810c2f40L);
    public static final KernelFunction COPY_PROCESS = new KernelFunction("copy_process", 0xffffffff8106a9a0L);
    public static final KernelFunction ALLOC_INODE = new KernelFunction("alloc_inode", 0xffffffff811d9e70L);
    public static final KernelFunction D_ALLOC = new KernelFunction("__d_alloc", 0xffffffff811d7a30L);
    public static final KernelFunction PERCPU_INIT = new KernelFunction("setup_per_cpu_areas", 0xffffffff81d4a1c0L);
    public static final KernelFunction STAT_COUNTER_ALLOC = new KernelFunction("stat_counter_alloc",
            0xffffffff81338a40L);
    public static final KernelFunction GENERIC_FILLATTR = new KernelFunction("generic_fillattr", 0xffffffff811c8e20L);
    public static final KernelFunction SYSTEM_CALL = new KernelFunction("system_call", 0xffffffff816f2a00L);
    /** The scatter pattern's system call; its 4,096 access sites lie in the 64 KiB after it. */
    public static final KernelFunction SYS_IOCTL = new KernelFunction("sys_ioctl", 0xffffffff81400000L);

    /** Every function, for documentation and tests. */
    public static final List<KernelFunction> ALL = List.of(SYS_OPEN, SYS_CLOSE, SYS_READ, SYS_WRITE, SYS_GETPID,
            SYS_NEWSTAT, SYS_RENAME, SYS_FSYNC, TIMER_INTERRUPT, KMEM_CACHE_ALLOC, KMEM_CACHE_FREE, ALLOC_EMPTY_FILE,
            FPUT, VFS_WRITE, VFS_READ, PERCPU_COUNTER_ADD, PATH_LOOKUPAT, RAW_SPIN_LOCK, RAW_SPIN_UNLOCK,
            UPDATE_PROCESS_TIMES, DO_TIMER, COPY_PROCESS, ALLOC_INODE, D_ALLOC, PERCPU_INIT, STAT_COUNTER_ALLOC,
            GENERIC_FILLATTR, SYSTEM_CALL, SYS_IOCTL);

    private KernelText() {
    }
}
