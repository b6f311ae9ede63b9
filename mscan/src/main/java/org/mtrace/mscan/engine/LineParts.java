package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link LinePartitioned} analysis keeps about the split: the lines it counts, and the
 * instances whose results its finish writes (itself first, then the other parts', in order).
 */
public final class LineParts<T extends Analysis> {
    private final Class<T> type;
    private final List<T> all = new ArrayList<>();
    private LinePartition partition = LinePartition.WHOLE;

    public LineParts(T self, Class<T> type) {
        this.type = type;
        all.add(self);
    }

    /** {@link LinePartitioned#restrictTo}. */
    public void restrictTo(LinePartition p) {
        partition = p;
    }

    /** {@link LinePartitioned#finishTogetherWith}. */
    public void add(List<? extends Analysis> others) {
        for (Analysis a : others) {
            all.add(type.cast(a));
        }
    }

    /** Whether the instance counts the line starting at {@code line}. */
    public boolean owns(long line) {
        return partition.owns(line);
    }

    /** The instances to write: this one, then the others. */
    public List<T> all() {
        return all;
    }
}
