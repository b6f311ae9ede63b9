package org.mtrace.synth.workload;

import java.util.SplittableRandom;
import org.mtrace.format.FcallState;
import org.mtrace.format.LabelType;
import org.mtrace.format.LockOp;
import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelFunction;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.PerCpuArea;
import org.mtrace.synth.kernel.StructType;
import org.mtrace.synth.kernel.StructType.Field;
import org.mtrace.synth.recorder.Recorder;

/**
 * One system call in progress on one CPU: its fcall stack, abstract scope and
 * call/ret frames, plus the guest actions patterns perform inside it (loads,
 * stores, locks, allocations, RCU epochs). One instance is reused for every
 * operation, so nothing is allocated per operation.
 */
final class Operation {
    private static final int STACK_FRAMES = 16;
    /** Registers the syscall entry path pushes on the kernel stack (and pops on exit). */
    private static final int SAVED_REGISTERS = 6;
    private static final Field TASK_FLAGS = KernelTypes.TASK_STRUCT.field("flags");

    private final Recorder rec;
    private final GuestThreads threads;
    private final SplittableRandom rng;
    private final boolean scopes;
    private final long[] returnPcs = new long[STACK_FRAMES];
    private int frames;
    private int cpu;
    private int thread;
    private long tag;
    private Syscall syscall;
    private long nextTag = 0x1000;

    Operation(Recorder rec, GuestThreads threads, SplittableRandom rng, boolean scopes) {
        this.rec = rec;
        this.threads = threads;
        this.rng = rng;
        this.scopes = scopes;
    }

    /** Prepares to run on {@code cpu} (its running thread); the pattern then calls {@link #begin}. */
    void on(int cpu) {
        this.cpu = cpu;
        this.thread = threads.running(cpu);
        this.frames = 0;
        this.syscall = null;
    }

    /** Starts system call {@code s}: a new fcall stack, the dispatch call, the abstract scope, the entry path. */
    void begin(Syscall s) {
        syscall = s;
        tag = newTag();
        rec.fcall(cpu, tid(), s.handler().pc(), tag, 0, FcallState.START);
        call(KernelText.SYSTEM_CALL, Syscall.DISPATCH_OFFSET, s.handler());
        if (scopes) {
            rec.ascope(cpu, false, s.scopeName());
        }
        load(KernelText.SYSTEM_CALL, 0x12, PerCpuArea.address(cpu, PerCpuArea.CURRENT_TASK), 8);
        load(KernelText.SYSTEM_CALL, 0x1a, threads.taskStruct(thread) + TASK_FLAGS.offset(), TASK_FLAGS.width());
        long frame = threads.stackTop(thread) - 8;
        for (int r = 0; r < SAVED_REGISTERS; r++) {
            store(KernelText.SYSTEM_CALL, 0x22 + 2 * r, frame - 8L * r, 8);
        }
    }

    /** Ends the current system call: exit path, scope exit, return to system_call, fcall done. */
    void finish() {
        while (frames > 1) {
            ret();
        }
        load(KernelText.SYSTEM_CALL, 0x74, threads.taskStruct(thread) + TASK_FLAGS.offset(), TASK_FLAGS.width());
        long frame = threads.stackTop(thread) - 8;
        for (int r = SAVED_REGISTERS - 1; r >= 0; r--) {
            load(KernelText.SYSTEM_CALL, 0x7c + 2 * r, frame - 8L * r, 8);
        }
        if (scopes) {
            rec.ascope(cpu, true, syscall.scopeName());
        }
        if (frames > 0) {
            ret();
        }
        rec.fcall(cpu, tid(), syscall.handler().pc(), tag, 0, FcallState.DONE);
        syscall = null;
    }

    /** Stops running this call stack on the CPU (context switch or interrupt). */
    void pause() {
        rec.fcall(cpu, tid(), syscall.handler().pc(), tag, 0, FcallState.PAUSE);
    }

    /** Continues this call stack on the CPU it was paused on. */
    void resume() {
        rec.fcall(cpu, tid(), syscall.handler().pc(), tag, 0, FcallState.RESUME);
    }

    /** Takes over a blocked call: it continues on {@code cpu}, with only the dispatch frame open. */
    void adopt(int newCpu, BlockedCalls.Call blocked) {
        cpu = newCpu;
        thread = blocked.thread();
        tag = blocked.tag();
        syscall = blocked.syscall();
        frames = 1;
        returnPcs[0] = KernelText.SYSTEM_CALL.at(Syscall.DISPATCH_OFFSET + 5);
        resume();
    }

    /** Ends call frames opened by the pattern, keeping the dispatch frame (before blocking). */
    void unwindToDispatch() {
        while (frames > 1) {
            ret();
        }
    }

    long newTag() {
        return nextTag++;
    }

    void load(KernelFunction fn, int offset, long addr, int width) {
        rec.load(cpu, fn.at(offset), addr, width);
    }

    void store(KernelFunction fn, int offset, long addr, int width) {
        rec.store(cpu, fn.at(offset), addr, width);
    }

    /** A load of field {@code f} of the object at {@code obj}. */
    void load(KernelFunction fn, int offset, long obj, Field f) {
        rec.load(cpu, fn.at(offset), obj + f.offset(), f.width());
    }

    /** A store to field {@code f} of the object at {@code obj}. */
    void store(KernelFunction fn, int offset, long obj, Field f) {
        rec.store(cpu, fn.at(offset), obj + f.offset(), f.width());
    }

    /** A read-modify-write of a field (e.g. {@code incq}): a load then a store by one instruction. */
    void update(KernelFunction fn, int offset, long obj, Field f) {
        load(fn, offset, obj, f);
        store(fn, offset, obj, f);
    }

    /** A read-modify-write of {@code width} bytes at {@code addr}. */
    void update(KernelFunction fn, int offset, long addr, int width) {
        load(fn, offset, addr, width);
        store(fn, offset, addr, width);
    }

    /** A LOCK-prefixed read-modify-write (atomic_inc, lock xadd, cmpxchg) of field {@code f}. */
    void atomicUpdate(KernelFunction fn, int offset, long obj, Field f) {
        rec.atomicUpdate(cpu, fn.at(offset), obj + f.offset(), f.width());
    }

    /** A LOCK-prefixed read-modify-write of {@code width} bytes at {@code addr}. */
    void atomicUpdate(KernelFunction fn, int offset, long addr, int width) {
        rec.atomicUpdate(cpu, fn.at(offset), addr, width);
    }

    /** Instructions that touch no memory. */
    void work(int instructions) {
        rec.execute(cpu, instructions);
    }

    /** A call from {@code offset} in {@code from} to {@code to}. */
    void call(KernelFunction from, int offset, KernelFunction to) {
        long returnPc = from.at(offset + 5);
        rec.call(cpu, to.pc(), returnPc);
        returnPcs[frames++] = returnPc;
    }

    /** Returns from the innermost call made with {@link #call}. */
    void ret() {
        rec.ret(cpu, returnPcs[--frames]);
    }

    /** Declares an abstract-variable access (ascope mode only; the guest emits none otherwise). */
    void avar(boolean write, FixedString name) {
        if (scopes) {
            rec.avar(cpu, write, name);
        }
    }

    /**
     * Takes a spinlock by calling _raw_spin_lock from {@code offset} in
     * {@code caller}: the acquire entry, the test-and-set of the lock word, the
     * acquired entry.
     */
    void lock(KernelFunction caller, int offset, long lockAddr, FixedString name) {
        call(caller, offset, KernelText.RAW_SPIN_LOCK);
        rec.lock(cpu, KernelText.RAW_SPIN_LOCK.pc(), lockAddr, name, LockOp.ACQUIRE, false);
        atomicUpdate(KernelText.RAW_SPIN_LOCK, 0x4, lockAddr, 4);
        rec.lock(cpu, KernelText.RAW_SPIN_LOCK.at(0x10), lockAddr, name, LockOp.ACQUIRED, false);
        ret();
    }

    /** Releases a spinlock taken with {@link #lock}, calling _raw_spin_unlock from {@code offset} in {@code caller}. */
    void unlock(KernelFunction caller, int offset, long lockAddr, FixedString name) {
        call(caller, offset, KernelText.RAW_SPIN_UNLOCK);
        store(KernelText.RAW_SPIN_UNLOCK, 0x2, lockAddr, 4);
        rec.lock(cpu, KernelText.RAW_SPIN_UNLOCK.pc(), lockAddr, name, LockOp.RELEASE, false);
        ret();
    }

    /** A slab object of {@code type} was allocated at {@code addr} by the call site {@code pc}. */
    void allocated(StructType type, long addr, long pc) {
        rec.label(cpu, LabelType.HEAP, type.label(), addr, type.size(), pc);
    }

    /** The slab object at {@code addr} was freed. */
    void freed(StructType type, long addr, long pc) {
        rec.unlabel(cpu, LabelType.HEAP, type.label(), addr, pc);
    }

    /** Declares an RCU-managed object, or ({@code scheduledForFree}) hands it to call_rcu. */
    void gc(StructType type, long addr, boolean scheduledForFree) {
        rec.gc(cpu, addr, type.size(), type.label(), scheduledForFree);
    }

    /** rcu_read_lock / rcu_read_unlock. */
    void rcuEpoch(boolean begin) {
        rec.gcepoch(cpu, begin);
    }

    SplittableRandom rng() {
        return rng;
    }

    int cpu() {
        return cpu;
    }

    int thread() {
        return thread;
    }

    long tid() {
        return threads.tid(thread);
    }

    long tag() {
        return tag;
    }

    Syscall syscall() {
        return syscall;
    }
}
