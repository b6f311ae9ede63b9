package org.mtrace.mscan.util;

import java.util.Arrays;
import org.mtrace.mscan.lines.LineSize;

/**
 * A set of 64-byte cache-line addresses for per-access hot paths, kept as 4 KiB pages with a bit per
 * line: a page's 64 lines are one {@code long}. Open addressing, Fibonacci hashing, linear probing,
 * page tag and line bits side by side in one array, so an insertion touches one cache line.
 *
 * <p>Why pages: distinct-sys keeps one set per thread, and the set of accesses outside any system
 * call grows to hundreds of thousands of lines on a real recording; kernel data is clustered (slab
 * pages, struct page arrays, per-CPU areas), so a page entry holds many lines and the table stays a
 * fraction of a set of single lines (which missed the caches on every probe: a third of the default
 * set's pass on a 28.5 M-access recording). A page tag is stored as {@code page | 1}, so 0 marks an
 * empty slot and page 0 needs no special case.
 */
public final class LineSet {
    private static final int LINE_SHIFT = Long.numberOfTrailingZeros(LineSize.DEFAULT_BYTES);
    /** A page of 64 lines: one bit each in a {@code long}. */
    private static final int PAGE_SHIFT = LINE_SHIFT + 6;
    private static final long PAGE_MASK = -1L << PAGE_SHIFT;
    private static final int MIN_BITS = 3;
    /** Per slot two longs: the page tag ({@code page | 1}, 0 = empty) and its line bits. */
    private long[] slots = new long[2 << MIN_BITS];
    private int shift = 64 - MIN_BITS;
    private int pages;
    private int size;

    /** Adds {@code line} (the bits below the line size are ignored); true if it was not present. */
    public boolean add(long line) {
        long tag = (line & PAGE_MASK) | 1;
        long bit = 1L << (line >>> LINE_SHIFT); // a long shift uses the low 6 bits: the line in its page
        int i = slotOf(tag);
        long[] s = slots;
        if (s[i] == tag) {
            long bits = s[i + 1];
            if ((bits & bit) != 0) {
                return false;
            }
            s[i + 1] = bits | bit;
        } else {
            s[i] = tag;
            s[i + 1] = bit;
            if (++pages * 4 > s.length) { // more than half the slots used
                grow();
            }
        }
        size++;
        return true;
    }

    /** Whether {@code line} (the bits below the line size ignored) is in the set. */
    public boolean contains(long line) {
        long tag = (line & PAGE_MASK) | 1;
        int i = slotOf(tag);
        return slots[i] == tag && (slots[i + 1] & (1L << (line >>> LINE_SHIFT))) != 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Empties the set, keeping its capacity (a set reused per system call allocates nothing). */
    public void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
            pages = 0;
        }
    }

    /** The index of the slot holding {@code tag}, or of the empty slot where it belongs. */
    private int slotOf(long tag) {
        long[] s = slots;
        int mask = s.length - 2;
        int i = (int) ((tag * 0x9E3779B97F4A7C15L) >>> shift) << 1;
        while (s[i] != tag && s[i] != 0) {
            i = (i + 2) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        for (int j = 0; j < old.length; j += 2) {
            if (old[j] != 0) {
                int i = slotOf(old[j]);
                slots[i] = old[j];
                slots[i + 1] = old[j + 1];
            }
        }
    }
}
