package org.mtrace.mscan.engine;

/**
 * The one message for a pass that ran out of heap: which part of the pass needed more, how far it
 * got, and what to do. Java's default heap is a quarter of the RAM; {@code bin/_launch} hands
 * {@code MTRACE_JAVA_OPTS} to the JVM instead of its default collector settings, so the advice
 * repeats them.
 */
public final class OutOfMemory {
    private static final long MIB = 1 << 20;
    /** Whether this process began a pass: for the last-resort message of an error no pass caught. */
    private static volatile boolean passBegan;

    private OutOfMemory() {
    }

    /** A pass begins ({@link Engine#run}). */
    static void passBegins() {
        passBegan = true;
    }

    /**
     * Whether a pass began in this process: an out-of-memory error that escaped every handler came
     * during it (in a thread of its own, the reader's inflater say, under a collector that gave up)
     * or after it, not before.
     */
    public static boolean passBegan() {
        return passBegan;
    }

    /** True if {@code t} or one of its causes is an {@link OutOfMemoryError} (e.g. in the reader's threads). */
    static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * @param location where the pass stopped ({@code FILE: entry N at byte offset O})
     * @param where the analysis (or other part of the pass) that was running
     */
    static String message(String location, String where, long entriesRead) {
        return location + ": out of memory in " + where + " after " + entriesRead + " entries (Java heap limit "
                + heapMib() + " MiB); its results are left out. "
                + "Give Java a larger heap, e.g. " + largerHeap("bin/mscan") + ", or analyse a log of a narrower window";
    }

    /**
     * The message of an out-of-memory error outside the pass's own handling: {@code out of memory
     * WHEN (Java heap limit N MiB); give Java a larger heap, e.g. ADVICE}, the advice for {@code command}.
     */
    public static String outsideThePass(String when, String command) {
        return "out of memory " + when + " (Java heap limit " + heapMib() + " MiB); give Java a larger heap, e.g. "
                + largerHeap(command);
    }

    /** The JVM's heap limit in MiB. */
    public static long heapMib() {
        return Runtime.getRuntime().maxMemory() / MIB;
    }

    /**
     * How to run {@code command} with twice the heap, keeping the launcher's collector settings, which
     * {@code MTRACE_JAVA_OPTS} replaces: {@code MTRACE_JAVA_OPTS='-XX:+UseParallelGC -Xmn128m
     * -XX:MaxTenuringThreshold=0 -Xmx2g' bin/mscan ...}. Without the small young generation the
     * parallel collector keeps a third of the heap from the tables: the report of a 28.5 M-access
     * {@code --calls} recording fitted 1 GiB with it and ran out without it (docs/launchers.md).
     */
    public static String largerHeap(String command) {
        long suggest = Math.max(1, (2 * heapMib() + 1023) / 1024);
        return "MTRACE_JAVA_OPTS='-XX:+UseParallelGC -Xmn128m -XX:MaxTenuringThreshold=0 -Xmx" + suggest + "g' " + command
                + " ...";
    }
}
