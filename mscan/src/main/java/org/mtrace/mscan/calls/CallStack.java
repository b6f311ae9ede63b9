package org.mtrace.mscan.calls;

import java.util.Arrays;

/** A live call stack of one fcall tag: frames pushed by call entries, popped by returns. */
final class CallStack {
    private long tag;
    private long[] targets = new long[8];
    private long[] returns = new long[8];
    private int depth;
    /** CPUs whose current stack this is (a stack is only reused once no CPU holds it). */
    int holders;
    /** Interned snapshot of the current frames, dropped whenever the frames change. */
    private StackSnapshot snapshot;

    /** Makes this an empty stack of {@code newTag} (stacks are reused across calls). */
    void reset(long newTag) {
        tag = newTag;
        depth = 0;
        snapshot = null;
    }

    long tag() {
        return tag;
    }

    void push(long targetPc, long returnPc) {
        if (depth == targets.length) {
            targets = Arrays.copyOf(targets, depth * 2);
            returns = Arrays.copyOf(returns, depth * 2);
        }
        targets[depth] = targetPc;
        returns[depth] = returnPc;
        depth++;
        snapshot = null;
    }

    void pop() {
        if (depth > 0) {
            depth--;
            snapshot = null;
        }
    }

    int depth() {
        return depth;
    }

    StackSnapshot snapshot(SnapshotInterner interner) {
        if (snapshot == null) {
            long[] t = new long[depth];
            long[] r = new long[depth];
            for (int i = 0; i < depth; i++) { // newest first
                t[i] = targets[depth - 1 - i];
                r[i] = returns[depth - 1 - i];
            }
            snapshot = interner.intern(new StackSnapshot(t, r));
        }
        return snapshot;
    }
}
