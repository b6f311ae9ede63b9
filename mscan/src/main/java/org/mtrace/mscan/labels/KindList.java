package org.mtrace.mscan.labels;

import java.util.Arrays;

/** A reusable, growable list of object kinds ({@link LabelObject#kind()}), allocation-free once warm. */
public final class KindList {
    private int[] items = new int[8];
    private int size;

    public void clear() {
        size = 0;
    }

    void add(int kind) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = kind;
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return items[i];
    }
}
