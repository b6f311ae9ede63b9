package org.mtrace.mscan.engine;

import java.util.List;

/**
 * An analysis whose per-access state is keyed by cache line, so that instances fed the same
 * entries on different threads, each keeping only its own lines ({@link LinePartition}), hold
 * between them exactly the state one instance would, and one of them can write the result of the
 * whole ({@link SplitPass}). The analysis keeps the split in a {@link LineParts}.
 */
public interface LinePartitioned extends Analysis {
    /** The lines this instance counts and the instances its {@link #finish} writes. */
    LineParts<?> lineParts();

    /** Before the pass: this instance counts only the accesses to the lines of {@code partition}. */
    default void restrictTo(LinePartition partition) {
        lineParts().restrictTo(partition);
    }

    /**
     * Before the pass: this instance's {@link #finish} writes the result of itself and
     * {@code others} (instances of the same class restricted to the other parts), which have then
     * seen the whole log.
     */
    default void finishTogetherWith(List<? extends Analysis> others) {
        lineParts().add(others);
    }
}
