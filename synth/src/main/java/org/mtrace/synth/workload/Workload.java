package org.mtrace.synth.workload;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.mtrace.format.TaskType;
import org.mtrace.synth.encode.EntryEncoder;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.MemoryMap;
import org.mtrace.synth.kernel.PerCpuArea;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.recorder.EmulatorOptions;
import org.mtrace.synth.recorder.Recorder;
import org.mtrace.synth.recorder.TraceMode;

/**
 * Drives a whole synthetic run: boot (machine entries, per-CPU segments,
 * static/per-CPU/heap labels, threads), then system calls on the CPUs in
 * round-robin bursts until the entry budget is nearly spent, then shutdown
 * (blocked calls finish, the application reports its operation count,
 * recording is disabled, threads exit). The log has exactly
 * {@link WorkloadSpec#entries()} entries: the small gap a whole operation
 * cannot fill is padded with sched entries re-announcing each CPU's thread.
 */
public final class Workload {
    public static final int MAX_CPUS = 256;
    /**
     * Upper bound of the entries one operation can log, with a context switch
     * before it and an interrupt inside (the longest, a path walk on CPU 0
     * with call tracing, logs 67; checked after every operation).
     */
    static final int MAX_OPERATION_ENTRIES = 96;
    private static final int INTERRUPT_ONE_IN = 16;
    private static final int PREEMPT_ONE_IN = 16;
    private static final int BLOCK_ONE_IN = 32;
    private static final int WAKE_ONE_IN = 4;
    private static final int MAX_BURST = 4;
    private static final int APPDATA_OPS = 1;
    private static final long PROGRESS_STEP = 1 << 20;
    private static final int TASK_STATE = KernelTypes.TASK_STRUCT.field("state").offset();

    private final WorkloadSpec spec;
    private final Recorder rec;
    private final TraceMode mode;
    private final SplittableRandom rng;
    private final World world;
    private final GuestThreads threads;
    private final Operation op;
    private final TimerInterrupt timer;
    private final BlockedCalls blocked;
    private final LongConsumer progress;
    private final RecordingControl control;
    private Pattern[] patterns = new Pattern[0];
    private long operations;

    public Workload(WorkloadSpec spec, Recorder rec, LongConsumer progress) {
        this.spec = spec;
        this.rec = rec;
        this.mode = rec.traceMode();
        this.rng = new SplittableRandom(spec.seed());
        this.world = new World(rec, spec.cpus(), spec.threads());
        this.threads = world.threads();
        this.op = new Operation(rec, threads, rng, mode == TraceMode.ASCOPE);
        this.timer = new TimerInterrupt(rec);
        this.blocked = new BlockedCalls(Math.max(1, spec.cpus() / 2));
        this.progress = progress;
        this.control = new RecordingControl(rec, spec);
    }

    /** The fewest entries a run with {@code spec} can have (boot plus shutdown, no operations). */
    public static long minimumEntries(WorkloadSpec spec, EmulatorOptions options) {
        WorkloadSpec probe = new WorkloadSpec(spec.cpus(), 0, spec.seed(), spec.mix(), spec.calls(), spec.traceName(),
                spec.phases());
        EntryEncoder counter = new EntryEncoder((b, n) -> { });
        Workload w = new Workload(probe, new Recorder(counter, spec.cpus(), options), n -> { });
        w.boot();
        return counter.entries() + w.shutdownReserve();
    }

    /** Generates the whole log. */
    public void run() {
        long minimum = minimumEntries(spec, rec.options());
        if (spec.entries() < minimum) {
            throw new IllegalArgumentException("--entries must be at least " + minimum + " for " + spec.cpus()
                    + " CPUs with these options (boot and shutdown alone need that many)");
        }
        boot();
        long mainBudget = spec.entries() - fixedTail() - phaseChanges();
        long nextProgress = PROGRESS_STEP;
        int cpu = 0;
        int burst = 1 + rng.nextInt(MAX_BURST);
        // room for this operation, for waking every blocked call (this one may block too), and the tail
        while (rec.entries() + (blocked.size() + 2L) * MAX_OPERATION_ENTRIES <= mainBudget) {
            int nextPhase = (int) ((rec.entries() * spec.phases()) / mainBudget);
            if (nextPhase > control.phase()) {
                control.startPhase(nextPhase);
            }
            long before = rec.entries();
            operation(cpu);
            if (rec.entries() - before > MAX_OPERATION_ENTRIES) {
                throw new IllegalStateException("an operation logged " + (rec.entries() - before)
                        + " entries, more than the budgeted " + MAX_OPERATION_ENTRIES);
            }
            if (--burst == 0) {
                cpu = cpu + 1 == spec.cpus() ? 0 : cpu + 1;
                burst = 1 + rng.nextInt(MAX_BURST);
            }
            if (rec.entries() >= nextProgress) {
                progress.accept(rec.entries());
                nextProgress += PROGRESS_STEP;
            }
        }
        shutdown();
        progress.accept(rec.entries());
    }

    private void boot() {
        rec.machine(spec.cpus(), MemoryMap.RAM_BYTES, spec.calls());
        world.bootKernelData();
        world.bootThreads(GuestThreads.FIRST_TID);
        PatternKind[] kinds = PatternKind.values();
        patterns = new Pattern[kinds.length];
        for (PatternKind k : kinds) {
            if (spec.mix().weight(k) > 0) {
                patterns[k.ordinal()] = k.create(world);
            }
        }
        for (int c = 0; c < spec.cpus(); c++) {
            rec.sched(c, threads.tid(threads.running(c)));
        }
        control.start();
    }

    /** One system call on {@code cpu}, possibly preceded by a context switch. */
    private void operation(int cpu) {
        if (rng.nextInt(PREEMPT_ONE_IN) == 0 && threads.anyRunnable()) {
            switchTo(cpu, threads.preempt(cpu, rng));
        }
        if (!blocked.isEmpty() && rng.nextInt(WAKE_ONE_IN) == 0 && wake(cpu)) {
            return;
        }
        op.on(cpu);
        patterns[spec.mix().pick(rng)].run(op);
        if (rng.nextInt(INTERRUPT_ONE_IN) == 0) {
            timer.interrupt(op);
        }
        if (rng.nextInt(BLOCK_ONE_IN) == 0 && !blocked.isFull() && threads.anyRunnable()) {
            block(cpu);
        } else {
            op.finish();
        }
        operations++;
    }

    /** The current call blocks: its stack is paused and another thread takes the CPU. */
    private void block(int cpu) {
        op.unwindToDispatch();
        op.store(KernelText.SYSTEM_CALL, 0x90, threads.taskStruct(op.thread()) + TASK_STATE, 8);
        op.pause();
        blocked.add(op.thread(), op.tag(), op.syscall(), cpu);
        switchTo(cpu, threads.block(cpu, rng));
    }

    /**
     * A blocked call is woken and completes on {@code cpu}. In ascope mode a call only resumes on
     * the CPU it blocked on: commutativity test cases pin each operation to a CPU, and
     * check-testcases counts system-call depth per CPU (MSCAN.md §8.10), so a migrated call would
     * leave one CPU's depth negative. Elsewhere any blocked call may migrate. Returns false if no
     * call could be woken on {@code cpu}.
     */
    private boolean wake(int cpu) {
        BlockedCalls.Call call = mode == TraceMode.ASCOPE ? blocked.takeBlockedOn(cpu) : blocked.take(rng);
        if (call == null) {
            return false;
        }
        completeOn(cpu, call);
        return true;
    }

    private void completeOn(int cpu, BlockedCalls.Call call) {
        threads.wake(cpu, call.thread());
        switchTo(cpu, call.thread());
        op.adopt(cpu, call);
        op.store(KernelText.SYSTEM_CALL, 0x98, threads.taskStruct(call.thread()) + TASK_STATE, 8);
        op.finish();
        operations++;
    }

    /** The scheduler puts {@code slot} on {@code cpu}: sched entry, then the switch writes current_task. */
    private void switchTo(int cpu, int slot) {
        rec.sched(cpu, threads.tid(slot));
        op.on(cpu);
        op.store(KernelText.SYSTEM_CALL, 0xa4, PerCpuArea.address(cpu, PerCpuArea.CURRENT_TASK), 8);
        op.load(KernelText.SYSTEM_CALL, 0xac, threads.taskStruct(slot) + TASK_STATE, 8);
    }

    /** Entries beyond boot that a run needs at least: one operation's room and the fixed tail. */
    private long shutdownReserve() {
        return 2L * MAX_OPERATION_ENTRIES + fixedTail() + phaseChanges();
    }

    /** Entries all phase changes may log. */
    private long phaseChanges() {
        return (long) RecordingControl.phaseChangeEntries() * (spec.phases() - 1);
    }

    /** Entries of the final sequence: the appdata report, stopping the recording, thread exits. */
    private long fixedTail() {
        return APPDATA_OPS + control.stopEntries() + threads.count();
    }

    private void shutdown() {
        int cpu = 0;
        while (!blocked.isEmpty()) {
            wake(cpu);
            cpu = (cpu + 1) % spec.cpus();
        }
        long padTo = spec.entries() - fixedTail();
        for (int c = 0; rec.entries() < padTo; c = (c + 1) % spec.cpus()) {
            rec.sched(c, threads.tid(threads.running(c)));
        }
        rec.appdata(World.BOOT_CPU, 0, operations);
        control.stop();
        for (int s = 0; s < threads.count(); s++) {
            rec.task(World.BOOT_CPU, threads.tid(s), GuestThreads.FIRST_TID, TaskType.EXIT, threads.name(s));
        }
    }

    /** System calls completed. */
    public long operations() {
        return operations;
    }
}
