package org.mtrace.mscan.labels;

import java.util.Arrays;

/**
 * A reusable, growable list of labels (handles, see {@link LabelMaps#labelAt}), so per-access
 * queries allocate nothing. The handles are valid until the label maps change.
 */
public final class ObjectList {
    private int[] items = new int[8];
    private int size;
    private LabelMaps maps;

    public void clear() {
        size = 0;
    }

    /** The maps the handles belong to (set by the query that fills the list). */
    void owner(LabelMaps maps) {
        this.maps = maps;
    }

    void add(int label) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = label;
    }

    public int size() {
        return size;
    }

    /** The handle of the {@code i}th label, for {@link LabelMaps}' accessors. */
    public int label(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return items[i];
    }

    /** The {@code i}th label as an object (see {@link LabelMaps#object}). */
    public LabelObject get(int i) {
        return maps.object(label(i));
    }
}
