package org.mtrace.synth.workload;

import java.util.SplittableRandom;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.mtrace.synth.encode.FixedString;

/**
 * The guest's threads and the scheduler's view of them: which thread runs
 * on each CPU, which are runnable, which are blocked inside a system call.
 * Threads are identified by a slot (0..count-1); their tid, task_struct and
 * kernel stack are fixed per slot.
 */
final class GuestThreads {
    /** Thread ids start here (low tids belong to kernel threads in a real system). */
    static final long FIRST_TID = 1000;

    private final long[] tid;
    private final long[] taskStruct;
    private final long[] stackTop;
    private final FixedString[] names;
    private final int[] running;
    private final IntArrayList runnable = new IntArrayList();

    GuestThreads(int count, int cpus) {
        if (count <= cpus) {
            throw new IllegalArgumentException("need more threads than CPUs");
        }
        tid = new long[count];
        taskStruct = new long[count];
        stackTop = new long[count];
        names = new FixedString[count];
        running = new int[cpus];
        for (int s = 0; s < count; s++) {
            tid[s] = FIRST_TID + s;
            names[s] = FixedString.terminated("synth-worker/" + s);
            if (s < cpus) {
                running[s] = s;
            } else {
                runnable.add(s);
            }
        }
    }

    int count() {
        return tid.length;
    }

    long tid(int slot) {
        return tid[slot];
    }

    FixedString name(int slot) {
        return names[slot];
    }

    long taskStruct(int slot) {
        return taskStruct[slot];
    }

    void setTaskStruct(int slot, long addr) {
        taskStruct[slot] = addr;
    }

    long stackTop(int slot) {
        return stackTop[slot];
    }

    void setStackTop(int slot, long addr) {
        stackTop[slot] = addr;
    }

    /** The thread running on {@code cpu}. */
    int running(int cpu) {
        return running[cpu];
    }

    /** Whether some thread could take over a CPU. */
    boolean anyRunnable() {
        return !runnable.isEmpty();
    }

    /** Preempts {@code cpu}'s thread in favour of a random runnable one; returns the new thread. */
    int preempt(int cpu, SplittableRandom rng) {
        int incoming = takeRunnable(rng);
        runnable.add(running[cpu]);
        running[cpu] = incoming;
        return incoming;
    }

    /** {@code cpu}'s thread blocks (it is neither running nor runnable); returns the thread that takes over. */
    int block(int cpu, SplittableRandom rng) {
        int incoming = takeRunnable(rng);
        running[cpu] = incoming;
        return incoming;
    }

    /** The blocked thread {@code slot} is woken and runs on {@code cpu}, whose thread becomes runnable. */
    void wake(int cpu, int slot) {
        runnable.add(running[cpu]);
        running[cpu] = slot;
    }

    private int takeRunnable(SplittableRandom rng) {
        int i = rng.nextInt(runnable.size());
        int slot = runnable.get(i);
        runnable.set(i, runnable.getLast());
        runnable.removeAtIndex(runnable.size() - 1);
        return slot;
    }
}
