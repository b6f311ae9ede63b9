package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.PerCpuArea;
import org.mtrace.synth.kernel.StructType.Field;

import static org.mtrace.synth.kernel.KernelText.PERCPU_COUNTER_ADD;
import static org.mtrace.synth.kernel.KernelText.SYS_GETPID;

/**
 * Per-CPU data: getpid reads {@code current_task} and the running thread's
 * task_struct, then bumps an event counter and the run-queue clock in the
 * CPU's own per-CPU area. No two CPUs touch the same per-CPU line.
 */
final class PerCpuPattern implements Pattern {
    private static final Syscall GETPID = new Syscall(SYS_GETPID);
    private static final Field TGID = KernelTypes.TASK_STRUCT.field("tgid");
    /** vm_event_states holds 16 u64 counters. */
    private static final int EVENT_COUNTERS = PerCpuArea.VM_EVENT_STATES.size() / 8;
    private static final int RQ_CLOCK = 0x40;

    private final GuestThreads threads;
    private final FixedString[] pidNames;

    PerCpuPattern(World world) {
        threads = world.threads();
        pidNames = new FixedString[threads.count()];
        for (int s = 0; s < pidNames.length; s++) {
            pidNames[s] = FixedString.name("pid:" + threads.tid(s));
        }
    }

    @Override
    public void run(Operation op) {
        int cpu = op.cpu();
        op.begin(GETPID);
        op.avar(false, pidNames[op.thread()]);
        op.load(SYS_GETPID, 0x04, PerCpuArea.address(cpu, PerCpuArea.CURRENT_TASK), 8);
        op.load(SYS_GETPID, 0x0c, threads.taskStruct(op.thread()), TGID);
        op.call(SYS_GETPID, 0x18, PERCPU_COUNTER_ADD);
        int event = op.rng().nextInt(EVENT_COUNTERS);
        op.update(PERCPU_COUNTER_ADD, 0x11, PerCpuArea.address(cpu, PerCpuArea.VM_EVENT_STATES) + 8L * event, 8);
        op.load(PERCPU_COUNTER_ADD, 0x1e, PerCpuArea.address(cpu, PerCpuArea.RUNQUEUES), 4);
        op.store(PERCPU_COUNTER_ADD, 0x27, PerCpuArea.address(cpu, PerCpuArea.RUNQUEUES) + RQ_CLOCK, 8);
        op.ret();
        op.work(20);
    }
}
