package org.mtrace.mscan.engine;

import java.util.List;

/**
 * An analysis whose per-access state is keyed by cache line, so that instances fed the same
 * entries on different threads, each keeping only its own lines ({@link LinePartition}), hold
 * between them exactly the state one instance would, and one of them can write the result of the
 * whole ({@link SplitPass}).
 */
public interface LinePartitioned extends Analysis {
    /** Before the pass: this instance counts only the accesses to the lines of {@code partition}. */
    void restrictTo(LinePartition partition);

    /**
     * Before the pass: this instance's {@link #finish} writes the result of itself and
     * {@code others} (instances of the same class restricted to the other parts), which have then
     * seen the whole log.
     */
    void finishTogetherWith(List<? extends Analysis> others);
}
