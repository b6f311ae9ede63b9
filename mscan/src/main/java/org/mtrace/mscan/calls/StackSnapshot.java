package org.mtrace.mscan.calls;

import java.util.Arrays;

/**
 * An immutable copy of a call stack (MSCAN.md §5.1), frames newest first. Two snapshots are equal
 * when they have the same (target_pc, return_pc) pairs in order. Do not modify the arrays.
 */
public final class StackSnapshot {
    private final long[] targetPcs;
    private final long[] returnPcs;
    private final int hash;

    StackSnapshot(long[] targetPcs, long[] returnPcs) {
        this.targetPcs = targetPcs;
        this.returnPcs = returnPcs;
        this.hash = 31 * Arrays.hashCode(targetPcs) + Arrays.hashCode(returnPcs);
    }

    public int depth() {
        return targetPcs.length;
    }

    /** Target PC of frame {@code i} (0 = newest). */
    public long targetPc(int i) {
        return targetPcs[i];
    }

    /** Return PC of frame {@code i} (0 = newest). */
    public long returnPc(int i) {
        return returnPcs[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackSnapshot s && hash == s.hash
                && Arrays.equals(targetPcs, s.targetPcs) && Arrays.equals(returnPcs, s.returnPcs);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
