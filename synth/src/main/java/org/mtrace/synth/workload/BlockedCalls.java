package org.mtrace.synth.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** System calls whose thread blocked mid-call (paused fcall stacks), waiting to be resumed on some CPU. */
final class BlockedCalls {
    /** A blocked call: the thread, its call-stack tag, the system call it is in and the CPU it blocked on. */
    record Call(int thread, long tag, Syscall syscall, int cpu) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final int capacity;

    BlockedCalls(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return calls.size() >= capacity;
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    int size() {
        return calls.size();
    }

    void add(int thread, long tag, Syscall syscall, int cpu) {
        calls.add(new Call(thread, tag, syscall, cpu));
    }

    /** Removes and returns a random blocked call. */
    Call take(SplittableRandom rng) {
        return remove(rng.nextInt(calls.size()));
    }

    /** Removes and returns the first call that blocked on {@code cpu}, or null if none did. */
    Call takeBlockedOn(int cpu) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).cpu() == cpu) {
                return remove(i);
            }
        }
        return null;
    }

    private Call remove(int i) {
        Call c = calls.get(i);
        calls.set(i, calls.get(calls.size() - 1));
        calls.remove(calls.size() - 1);
        return c;
    }
}
