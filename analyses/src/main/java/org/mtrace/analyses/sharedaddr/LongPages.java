package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;

/**
 * A growable column of longs in fixed pages of 16 Ki values, for the reason given at
 * {@link IntPages}.
 */
final class LongPages {
    static final int SHIFT = 14;
    private static final int MASK = (1 << SHIFT) - 1;
    private long[][] pages = new long[0][];
    private int size;

    long get(int i) {
        return pages[i >>> SHIFT][i & MASK];
    }

    void set(int i, long value) {
        pages[i >>> SHIFT][i & MASK] = value;
    }

    /** Appends {@code value}; returns its index. */
    int add(long value) {
        int p = size >>> SHIFT;
        if (p == pages.length) {
            pages = Arrays.copyOf(pages, p + 1);
            pages[p] = new long[1 << SHIFT];
        }
        pages[p][size & MASK] = value;
        return size++;
    }

    int size() {
        return size;
    }

    /** Bytes of the pages held. */
    long bytes() {
        return 8L * pages.length << SHIFT;
    }
}
