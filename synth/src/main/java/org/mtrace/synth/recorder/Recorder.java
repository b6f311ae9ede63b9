package org.mtrace.synth.recorder;

import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.format.HostType;
import org.mtrace.format.LabelType;
import org.mtrace.format.LockOp;
import org.mtrace.format.RecordMode;
import org.mtrace.format.TaskType;
import org.mtrace.synth.encode.EntryEncoder;
import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.MemoryMap;

/**
 * A model of the emulator's side of recording (FORMAT.md §6): the per-CPU
 * instruction counters, the global enabled-access counter, the record mode,
 * the movement filter, per-CPU call-trace switches and the per-call-stack
 * abstract-scope depth. The workload tells it what the guest does; it decides
 * what reaches the log and fills every header the way the emulator would.
 */
public final class Recorder {
    /** Instructions a guest hypercall costs (load three registers, then xchg). */
    static final int HYPERCALL_INSTRUCTIONS = 4;
    private static final long CALLING_CPU = -1L;

    private final EntryEncoder out;
    private final EmulatorOptions options;
    private final TraceMode traceMode;
    private final MovementFilter filter;
    private final long[] ts;
    private final int[] callSwitch;
    private final long[] currentTag;
    private final int[] currentDepth;
    private final LongIntHashMap depthByTag = new LongIntHashMap();
    private long accessCount;
    private long sampleCandidates;
    private int mode;

    public Recorder(EntryEncoder out, int cpus, EmulatorOptions options) {
        this.out = out;
        this.options = options;
        this.traceMode = options.mode();
        this.filter = traceMode.filtered() ? new MovementFilter(cpus) : null;
        this.ts = new long[cpus];
        this.callSwitch = new int[cpus];
        this.currentTag = new long[cpus];
        this.currentDepth = new int[cpus];
    }

    /** {@code cpu} executes {@code instructions} instructions that make no logged event. */
    public void execute(int cpu, int instructions) {
        ts[cpu] += instructions;
    }

    /** The emulator's start-up: one machine entry per virtual CPU, as the original writes (FORMAT.md §5.10). */
    public void machine(int cpus, long ramBytes, boolean calls) {
        for (int i = 0; i < cpus; i++) {
            out.machine(accessCount, cpus, ramBytes, 0, options.sample(), options.locked(), calls);
        }
    }

    /** A load of {@code width} bytes at {@code guestAddr} by the instruction at {@code pc}. */
    public void load(int cpu, long pc, long guestAddr, int width) {
        access(cpu, AccessType.LD.code(), pc, guestAddr, width, false);
    }

    /** A store of {@code width} bytes at {@code guestAddr} by the instruction at {@code pc}. */
    public void store(int cpu, long pc, long guestAddr, int width) {
        access(cpu, AccessType.ST.code(), pc, guestAddr, width, false);
    }

    /** A LOCK-prefixed read-modify-write (atomic inc, cmpxchg, xadd): its load and its store. */
    public void atomicUpdate(int cpu, long pc, long guestAddr, int width) {
        ts[cpu]--; // one instruction, two accesses
        access(cpu, AccessType.LD.code(), pc, guestAddr, width, true);
        access(cpu, AccessType.ST.code(), pc, guestAddr, width, true);
    }

    private void access(int cpu, int accessType, long pc, long guestAddr, int width, boolean lockPrefix) {
        ts[cpu]++;
        if (!enabled(cpu)) {
            return;
        }
        long index = accessCount++;
        long host = MemoryMap.host(guestAddr);
        boolean traffic = filter == null
                || (accessType == AccessType.LD.code() ? filter.load(cpu, host) : filter.store(cpu, host));
        boolean lock = lockPrefix && options.locked();
        if ((traffic || lock) && sampled()) {
            out.access(cpu, index, accessType, traffic, lock, pc, host, guestAddr, width);
        }
    }

    /** FORMAT.md §6.5: one of every {@code sample} candidates, counted globally (64-bit, unlike the original). */
    private boolean sampled() {
        return options.sample() == 1 || sampleCandidates++ % options.sample() == 0;
    }

    /** FORMAT.md §6.3: all synthetic accesses are kernel-mode, so kernelscope enables them all. */
    private boolean enabled(int cpu) {
        return mode != RecordMode.DISABLE.code() && (mode != RecordMode.ASCOPE.code() || currentDepth[cpu] > 0);
    }

    /** Whether an access by {@code cpu} would be counted now (recording on and, in ascope mode, inside a scope). */
    public boolean recording(int cpu) {
        return enabled(cpu);
    }

    /** Host access_all_cpu: switch the global record mode (resetting the line state when entering movement). */
    public void setRecordMode(int cpu, RecordMode newMode, FixedString traceName) {
        hypercall(cpu);
        if (newMode.code() != RecordMode.DISABLE.code() && newMode.code() != mode && filter != null
                && newMode == RecordMode.MOVEMENT) {
            filter.reset();
        }
        mode = newMode.code();
        out.hostRecordMode(cpu, accessCount, ts[cpu], globalTs(), mode, traceName);
    }

    /** Host call_set_cpu / call_clear_cpu for the issuing CPU: the switch takes the current mode (§6.8). */
    public void setCallTracing(int cpu, boolean on) {
        hypercall(cpu);
        callSwitch[cpu] = on ? mode : 0;
        HostType type = on ? HostType.CALL_SET_CPU : HostType.CALL_CLEAR_CPU;
        out.hostCallTracing(cpu, accessCount, ts[cpu], globalTs(), type.code(), CALLING_CPU);
    }

    /** A call instruction (logged only where call tracing is switched on). */
    public void call(int cpu, long targetPc, long returnPc) {
        ts[cpu]++;
        if (callSwitch[cpu] != 0) {
            out.call(cpu, accessCount, targetPc, returnPc, false);
        }
    }

    /** A return instruction to {@code returnPc}. */
    public void ret(int cpu, long returnPc) {
        ts[cpu]++;
        if (callSwitch[cpu] != 0) {
            out.call(cpu, accessCount, returnPc, 0, true);
        }
    }

    /** An fcall entry; tracks the CPU's current call stack as the emulator does for ascope mode (§6.2). */
    public void fcall(int cpu, long tid, long pc, long tag, int depth, FcallState state) {
        hypercall(cpu);
        switch (state) {
            case START, RESUME -> {
                currentTag[cpu] = tag;
                currentDepth[cpu] = depthByTag.get(tag);
            }
            case PAUSE -> {
                currentTag[cpu] = 0;
                currentDepth[cpu] = 0;
            }
            case DONE, DONE_VALUE -> {
                depthByTag.remove(tag);
                currentTag[cpu] = 0;
                currentDepth[cpu] = 0;
            }
        }
        out.fcall(cpu, accessCount, ts[cpu], tid, pc, tag, depth, state.code());
    }

    /** Entering ({@code exit} false) or leaving an abstract scope on the CPU's current call stack. */
    public void ascope(int cpu, boolean exit, FixedString name) {
        hypercall(cpu);
        long tag = currentTag[cpu];
        if (tag != 0) {
            int depth = currentDepth[cpu] + (exit ? -1 : 1);
            currentDepth[cpu] = depth;
            depthByTag.put(tag, depth);
        }
        out.ascope(cpu, accessCount, ts[cpu], exit, name);
    }

    public void avar(int cpu, boolean write, FixedString name) {
        hypercall(cpu);
        out.avar(cpu, accessCount, ts[cpu], write, name);
    }

    /** Labels {@code bytes} bytes at {@code guestAddr} as {@code name}, allocated at {@code pc}. */
    public void label(int cpu, LabelType type, FixedString name, long guestAddr, long bytes, long pc) {
        hypercall(cpu);
        out.label(cpu, accessCount, ts[cpu], MemoryMap.host(guestAddr), type.code(), name, guestAddr, bytes, pc);
    }

    /** Removes the label starting at {@code guestAddr} (a label entry with 0 bytes). */
    public void unlabel(int cpu, LabelType type, FixedString name, long guestAddr, long pc) {
        label(cpu, type, name, guestAddr, 0, pc);
    }

    public void segment(int cpu, long base, long end, int segmentCpu) {
        hypercall(cpu);
        out.segment(cpu, accessCount, ts[cpu], base, end, segmentCpu, LabelType.PERCPU.code());
    }

    public void lock(int cpu, long pc, long lockAddr, FixedString name, LockOp op, boolean read) {
        hypercall(cpu);
        out.lock(cpu, accessCount, ts[cpu], pc, lockAddr, name, op.code(), read);
    }

    public void task(int cpu, long tid, long tgid, TaskType type, FixedString name) {
        hypercall(cpu);
        out.task(cpu, accessCount, ts[cpu], tid, tgid, type.code(), name);
    }

    public void sched(int cpu, long tid) {
        hypercall(cpu);
        out.sched(cpu, accessCount, ts[cpu], tid);
    }

    public void appdata(int cpu, int type, long value) {
        hypercall(cpu);
        out.appdata(cpu, accessCount, ts[cpu], type, value);
    }

    public void gc(int cpu, long base, long nbytes, FixedString name, boolean scheduledForFree) {
        hypercall(cpu);
        out.gc(cpu, accessCount, ts[cpu], base, nbytes, name, scheduledForFree);
    }

    public void gcepoch(int cpu, boolean begin) {
        hypercall(cpu);
        out.gcepoch(cpu, accessCount, ts[cpu], begin);
    }

    private void hypercall(int cpu) {
        ts[cpu] += HYPERCALL_INSTRUCTIONS;
    }

    private long globalTs() {
        long sum = 0;
        for (long t : ts) {
            sum += t;
        }
        return sum;
    }

    /** Enabled accesses so far (the emulator's access counter). */
    public long accessCount() {
        return accessCount;
    }

    /** Entries logged so far. */
    public long entries() {
        return out.entries();
    }

    public TraceMode traceMode() {
        return traceMode;
    }

    public EmulatorOptions options() {
        return options;
    }
}
