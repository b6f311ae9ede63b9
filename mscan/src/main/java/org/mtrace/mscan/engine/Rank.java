package org.mtrace.mscan.engine;

/**
 * The original's end-of-log order (MSCAN.md §2); analyses are also dispatched in this order.
 * Use these for {@link AnalysisProvider#rank()}; a new analysis may use any number above
 * {@link #ORIGINAL_LAST} (it need not be listed here).
 */
public final class Rank {
    public static final int DISTINCT_SYS = 1;
    public static final int DISTINCT_OPS = 2;
    public static final int FALSE_SHARING = 3;
    public static final int STACK_TRACE_PC = 4;
    public static final int SYSCALL_ACCESSES = 5;
    public static final int SYSCALL_ACCESSES_PC = 6;
    /** abstract-scopes and unexpected-sharing share one handler and this rank. */
    public static final int ABSTRACT_SCOPES = 7;
    public static final int SUMMARY = 8;
    public static final int SHARED_ADDRESSES = 9;
    public static final int CHECK_TESTCASES = 10;
    public static final int ALL_SHARING = 11;
    public static final int CACHE_ASSOC = 12;
    public static final int SBW0 = 13;
    public static final int CHECK_GC = 14;
    public static final int SERIAL_LENGTH = 15;
    /** The last of the original's ranks; analyses it did not have rank above it. */
    public static final int ORIGINAL_LAST = SERIAL_LENGTH;
    /** all-sharing-movement: all-sharing for movement recordings (not in the original). */
    public static final int ALL_SHARING_MOVEMENT = 100;
    /** attribution: the coverage figure of kernel traffic descriptions (not in the original). */
    public static final int ATTRIBUTION = 101;

    private Rank() {
    }
}
