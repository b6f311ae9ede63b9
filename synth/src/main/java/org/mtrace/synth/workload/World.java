package org.mtrace.synth.workload;

import org.mtrace.format.LabelType;
import org.mtrace.format.TaskType;
import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.MemoryMap;
import org.mtrace.synth.kernel.PerCpuArea;
import org.mtrace.synth.kernel.SlabCache;
import org.mtrace.synth.kernel.StaticVariable;
import org.mtrace.synth.kernel.StructType;
import org.mtrace.synth.recorder.Recorder;

/**
 * The guest kernel's long-lived state that patterns share: slab caches,
 * threads, and the one "hot" inode every file-system pattern works on. Objects
 * created here at boot are labelled (and, for RCU-managed ones, declared with
 * a gc entry) on the boot CPU.
 */
final class World {
    static final int BOOT_CPU = 0;
    private static final FixedString KERNEL_STACK = FixedString.terminated("kernel_stack");

    private final Recorder rec;
    private final int cpus;
    private final GuestThreads threads;
    private final SlabCache[] slabs;
    private long hotInode;

    World(Recorder rec, int cpus, int threadCount) {
        this.rec = rec;
        this.cpus = cpus;
        this.threads = new GuestThreads(threadCount, cpus);
        this.slabs = new SlabCache[KernelTypes.ALL.size()];
        for (int i = 0; i < slabs.length; i++) {
            slabs[i] = new SlabCache(KernelTypes.ALL.get(i), i);
        }
    }

    Recorder recorder() {
        return rec;
    }

    int cpus() {
        return cpus;
    }

    GuestThreads threads() {
        return threads;
    }

    SlabCache slab(StructType type) {
        return slabs[KernelTypes.ALL.indexOf(type)];
    }

    /** Allocates and labels an object at boot, as if allocated at {@code sitePc}. */
    long bootAllocate(StructType type, long sitePc) {
        long addr = slab(type).allocate();
        rec.label(BOOT_CPU, LabelType.HEAP, type.label(), addr, type.size(), sitePc);
        return addr;
    }

    /**
     * Registers the kernel's fixed data: a per-CPU segment per CPU, a static
     * label per global, a per-CPU label for every CPU's copy of every per-CPU
     * variable.
     */
    void bootKernelData() {
        for (int c = 0; c < cpus; c++) {
            rec.segment(BOOT_CPU, PerCpuArea.base(c), PerCpuArea.base(c) + PerCpuArea.STRIDE, c);
        }
        for (StaticVariable s : KernelData.ALL) {
            rec.label(BOOT_CPU, LabelType.STATIC, s.label(), s.addr(), s.size(), 0);
        }
        for (PerCpuArea.Variable v : PerCpuArea.ALL) {
            FixedString name = FixedString.terminated(v.name());
            for (int c = 0; c < cpus; c++) {
                rec.label(BOOT_CPU, LabelType.PERCPU, name, PerCpuArea.address(c, v), v.size(),
                        KernelText.PERCPU_INIT.pc());
            }
        }
    }

    /** Labels every thread's task_struct and kernel stack and announces the threads (task init). */
    void bootThreads(long tgid) {
        for (int s = 0; s < threads.count(); s++) {
            threads.setTaskStruct(s, bootAllocate(KernelTypes.TASK_STRUCT, KernelText.COPY_PROCESS.at(0x8e)));
            long stack = MemoryMap.kernelStack(s);
            rec.label(BOOT_CPU, LabelType.BLOCK, KERNEL_STACK, stack, MemoryMap.STACK_BYTES,
                    KernelText.COPY_PROCESS.at(0xb3));
            threads.setStackTop(s, stack + MemoryMap.STACK_BYTES);
            rec.task(BOOT_CPU, threads.tid(s), tgid, TaskType.INIT, threads.name(s));
        }
    }

    /** The inode every file-system pattern works on (allocated at first use, during boot). */
    long hotInode() {
        if (hotInode == 0) {
            hotInode = bootAllocate(KernelTypes.INODE, KernelText.ALLOC_INODE.at(0x2c));
        }
        return hotInode;
    }
}
