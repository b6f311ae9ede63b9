package org.mtrace.mscan.labels;

import java.util.Arrays;

/** A reusable, growable list of objects, so per-access queries allocate nothing. */
public final class ObjectList {
    private LabelObject[] items = new LabelObject[8];
    private int size;

    public void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }

    void add(LabelObject o) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = o;
    }

    public int size() {
        return size;
    }

    public LabelObject get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return items[i];
    }
}
