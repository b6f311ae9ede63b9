package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * A view's per-slot values for {@link LineOffsetSlots}: a fixed number of 64-bit words a slot, side by
 * side, in pages of {@link LineOffsetSlots#PAGE_SLOTS} slots that are allocated as slots are handed
 * out and never move. A slot's words are one or two cache lines (a column per value waited for a line
 * per column when a value was placed in a block no access had touched for a while), and since no
 * block crosses a page, a block's slots are in one page and move with one copy (an array holding all
 * slots doubled at once, and held its old and new copies together).
 */
public final class SlotPages {
    private static final int PAGE_SHIFT = Integer.numberOfTrailingZeros(LineOffsetSlots.PAGE_SLOTS);
    private static final int IN_PAGE = LineOffsetSlots.PAGE_SLOTS - 1;

    private final int words;
    private long[][] pages = new long[0][];
    private int pageCount;

    /** Pages of {@code words} words a slot. */
    public SlotPages(int words) {
        this.words = words;
    }

    /** The page holding slot {@code slot} (and every slot of its block). */
    public long[] page(int slot) {
        return pages[slot >>> PAGE_SHIFT];
    }

    /** Where slot {@code slot}'s words start in its {@link #page}. */
    public int at(int slot) {
        return words * (slot & IN_PAGE);
    }

    /** Word {@code word} of slot {@code slot} (one value; a caller reading a block's slots uses {@link #page}). */
    public long get(int slot, int word) {
        return page(slot)[at(slot) + word];
    }

    public void set(int slot, int word, long value) {
        page(slot)[at(slot) + word] = value;
    }

    /** {@link LineOffsetSlots.Columns#ensure}: whole pages, none copied. */
    public int ensure(int slots) {
        int need = (int) (((long) slots + IN_PAGE) >>> PAGE_SHIFT);
        if (need > pages.length) {
            pages = Arrays.copyOf(pages, Math.max(need, 2 * pages.length));
        }
        for (; pageCount < need; pageCount++) {
            pages[pageCount] = new long[words * LineOffsetSlots.PAGE_SLOTS];
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) pageCount << PAGE_SHIFT);
    }

    /** {@link LineOffsetSlots.Columns#move}: each range lies in one block, so in one page. */
    public void move(int from, int to, int n) {
        System.arraycopy(page(from), at(from), page(to), at(to), words * n);
    }

    /** Bytes held by the pages. */
    public long bytes() {
        return 8L * words * LineOffsetSlots.PAGE_SLOTS * pageCount;
    }
}
