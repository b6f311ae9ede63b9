package org.mtrace.mscan.report;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.mscan.lines.TransferModel;

/**
 * The thread each CPU runs and its name, as the pass reads them from the log: sched entries say
 * which thread a CPU switched to (FORMAT.md 5.9), task entries what a thread is named ({@code comm},
 * set when it starts and on exec; 5.8). Who made a transfer on a task's stack, and which program ran
 * a user PC, are read off it when an access is read.
 */
final class RunningThreads {
    /** Per thread id, its name as the last task entry gave it. */
    private final LongObjectHashMap<String> names = new LongObjectHashMap<>();
    /** Threads whose exit a task entry logged, and that no task entry started again (a thread id reused). */
    private final LongHashSet exited = new LongHashSet();
    private final long[] running = new long[TransferModel.MAX_CPUS];
    private final String[] runningName = new String[TransferModel.MAX_CPUS];

    RunningThreads() {
        Arrays.fill(running, -1);
    }

    /** A task entry: thread {@code tid} is now named {@code name}. */
    void named(long tid, String name) {
        names.put(tid, name);
        for (int cpu = 0; cpu < running.length; cpu++) {
            if (running[cpu] == tid) {
                runningName[cpu] = name;
            }
        }
    }

    /** A task entry of type init: thread {@code tid} starts, named {@code name} (again, if its id was a thread's before). */
    void started(long tid, String name) {
        exited.remove(tid);
        named(tid, name);
    }

    /** A task entry of type exit: thread {@code tid} ends. */
    void ended(long tid) {
        exited.add(tid);
    }

    /** Whether thread {@code tid} has ended ({@link #ended}) and not started again. */
    boolean hasEnded(long tid) {
        return exited.contains(tid);
    }

    /** A sched entry: {@code cpu} now runs thread {@code tid}. */
    void scheduled(int cpu, long tid) {
        if (cpu < running.length) {
            running[cpu] = tid;
            runningName[cpu] = names.get(tid);
        }
    }

    /** The thread {@code cpu} runs (-1: no sched entry named one yet). */
    long thread(int cpu) {
        return running[cpu];
    }

    /** The name of the thread {@code cpu} runs (null: unknown). */
    String name(int cpu) {
        return runningName[cpu];
    }
}
