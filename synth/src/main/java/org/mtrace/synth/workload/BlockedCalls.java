package org.mtrace.synth.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** System calls whose thread blocked mid-call (paused fcall stacks), waiting to be resumed on some CPU. */
final class BlockedCalls {
    /** A blocked call: the thread, its call-stack tag and the system call it is in. */
    record Call(int thread, long tag, Syscall syscall) {
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

    void add(int thread, long tag, Syscall syscall) {
        calls.add(new Call(thread, tag, syscall));
    }

    /** Removes and returns a random blocked call. */
    Call take(SplittableRandom rng) {
        int i = rng.nextInt(calls.size());
        Call c = calls.get(i);
        calls.set(i, calls.get(calls.size() - 1));
        calls.remove(calls.size() - 1);
        return c;
    }
}
