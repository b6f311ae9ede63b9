package org.mtrace.synth.workload;

import org.mtrace.format.FcallState;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.PerCpuArea;
import org.mtrace.synth.recorder.Recorder;

import static org.mtrace.synth.kernel.KernelText.DO_TIMER;
import static org.mtrace.synth.kernel.KernelText.TIMER_INTERRUPT;
import static org.mtrace.synth.kernel.KernelText.UPDATE_PROCESS_TIMES;

/**
 * A local timer interrupt arriving during a system call: the syscall's stack
 * is paused, the interrupt runs on its own fcall stack (depth 1, same thread),
 * updates per-CPU tick state and, on CPU 0 only, {@code jiffies}; then the
 * syscall resumes.
 */
final class TimerInterrupt {
    private static final int IRQ_DEPTH = 1;
    private static final int RQ_CLOCK = 0x40;

    private final Recorder rec;

    TimerInterrupt(Recorder rec) {
        this.rec = rec;
    }

    void interrupt(Operation op) {
        int cpu = op.cpu();
        long tid = op.tid();
        long tag = op.newTag();
        op.pause();
        rec.fcall(cpu, tid, TIMER_INTERRUPT.pc(), tag, IRQ_DEPTH, FcallState.START);
        op.call(TIMER_INTERRUPT, 0x30, UPDATE_PROCESS_TIMES);
        op.update(UPDATE_PROCESS_TIMES, 0x14, PerCpuArea.address(cpu, PerCpuArea.IRQ_STAT), 4);
        op.store(UPDATE_PROCESS_TIMES, 0x22, PerCpuArea.address(cpu, PerCpuArea.RUNQUEUES) + RQ_CLOCK, 8);
        op.ret();
        if (cpu == 0) {
            op.call(TIMER_INTERRUPT, 0x42, DO_TIMER);
            op.update(DO_TIMER, 0x0a, KernelData.JIFFIES_SEQ.addr(), 4);
            op.update(DO_TIMER, 0x16, KernelData.JIFFIES.addr(), 8);
            op.update(DO_TIMER, 0x21, KernelData.JIFFIES_SEQ.addr(), 4);
            op.ret();
        }
        rec.fcall(cpu, tid, TIMER_INTERRUPT.pc(), tag, IRQ_DEPTH, FcallState.DONE);
        op.resume();
    }
}
