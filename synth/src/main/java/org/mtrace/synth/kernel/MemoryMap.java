package org.mtrace.synth.kernel;

/**
 * Where the scenario kernel's memory lives. Guest virtual addresses come from
 * two x86-64 Linux windows onto physical RAM (the direct map and the kernel
 * image); the host address is what the emulator would log: the physical
 * address as an offset into QEMU's guest-RAM allocation. The movement filter
 * indexes lines by that offset, so aliases of one physical line share state.
 */
public final class MemoryMap {
    /** Guest RAM size reported in the machine entries. */
    public static final long RAM_BYTES = 1L << 30;
    /** Linux x86-64 direct mapping of physical memory. */
    public static final long DIRECT_MAP = 0xffff880000000000L;
    /** Kernel image mapping: virtual {@code KERNEL_IMAGE + p} is physical {@code p}. */
    public static final long KERNEL_IMAGE = 0xffffffff80000000L;
    /** Host address of guest physical 0 (a plausible QEMU mmap of guest RAM). */
    public static final long HOST_RAM = 0x00007f3a40000000L;

    /** Physical region of the per-CPU areas (one {@link PerCpuArea#STRIDE} each). */
    static final long PERCPU_PHYS = 0x02000000L;
    /** Physical region of the slab caches, one {@link SlabCache#REGION} per cache. */
    static final long SLAB_PHYS = 0x04000000L;
    /** Physical region of the scatter pattern's shared working set (32 MiB). */
    public static final long SCATTER_PHYS = 0x08000000L;
    /** Physical region of the hot-scatter pattern's shared working set (128 KiB). */
    public static final long HOT_SCATTER_PHYS = 0x0c000000L;
    /**
     * Physical region of the scatter patterns' per-CPU private data, {@link #PRIVATE_BYTES} per CPU
     * (up to {@link #PRIVATE_REGION} in all, below the stacks).
     */
    public static final long PRIVATE_PHYS = 0x10000000L;
    public static final long PRIVATE_BYTES = 0x40000;
    public static final long PRIVATE_REGION = 0x10000000L;
    /** Physical region of the kernel stacks, one {@link #STACK_BYTES} per thread. */
    static final long STACK_PHYS = 0x20000000L;
    public static final long STACK_BYTES = 0x4000;

    private MemoryMap() {
    }

    /** The guest-physical address behind a direct-map or kernel-image address. */
    public static long physical(long guest) {
        return Long.compareUnsigned(guest, KERNEL_IMAGE) >= 0 ? guest - KERNEL_IMAGE : guest - DIRECT_MAP;
    }

    /** The host (emulator process) address the emulator would log for a guest address. */
    public static long host(long guest) {
        return HOST_RAM + physical(guest);
    }

    /** The direct-map address of a physical address. */
    public static long directMap(long phys) {
        return DIRECT_MAP + phys;
    }

    /** Guest address of thread {@code slot}'s kernel stack (the page allocator's block). */
    public static long kernelStack(int slot) {
        return directMap(STACK_PHYS + slot * STACK_BYTES);
    }
}
