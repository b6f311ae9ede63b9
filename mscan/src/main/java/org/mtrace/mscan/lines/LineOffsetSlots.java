package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Per-address state of a line view, hung off the entries of a {@link LineCpuTable}: the byte
 * offsets of a line that have state sit in one block of consecutive slots, in offset order. The
 * line's entry holds the block's start (its 32-bit field) and the set of offsets present (view
 * words from {@code firstWord} on: one bit per byte, one word per 64 bytes of line), so an
 * address's slot is {@code block + bitCount(offsets below it)}: constant time whatever the number
 * of addresses on the line. A chain of slots scattered over the arrays, walked per access, made
 * all-sharing grow faster than the log on kernels that use every byte offset; an index of its own
 * per address (shared-addresses had one) is a second hash probe next to the line's.
 *
 * <p>The slots' values live in the view's own columns ({@link Columns}); this class numbers the
 * slots. A block holds a power of two of slots; a line that outgrows its block moves to one twice
 * the size, and the old block goes on a free list of its size for the next line that needs one.
 * Adding an address shifts at most the line's slots, once per address; a slot number is therefore
 * valid until the next {@link #insert} on its line.
 *
 * <p>Views: all-sharing's first access records ({@code AddressRecords}), shared-addresses' address
 * numbers ({@code AddressIndex}).
 */
public final class LineOffsetSlots {
    /** No slot. */
    public static final int NONE = -1;
    /** Block sizes 2, 4, ..., 4096 (the longest line): free lists indexed by log2(size). */
    private static final int SIZE_CLASSES = 13;

    /** Where a view keeps its per-slot values. */
    public interface Columns {
        /**
         * Makes at least slots {@code 0} up to {@code slots} (exclusive) usable, keeping the values
         * held; returns how many are usable (a view grows by more than it is asked: by doubling, or
         * by whole pages of {@link #PAGE_SLOTS}).
         */
        int ensure(int slots);

        /** Moves the values of {@code n} slots from {@code from} to {@code to} (the ranges may overlap). */
        void move(int from, int to, int n);
    }

    /**
     * No block crosses a multiple of this many slots (a block that would is placed at the next one
     * and the slots skipped go to the free lists), so a view may keep its values in pages of this
     * many slots that never move, and move a block with one copy (all-sharing's records, 2 MiB a
     * page): a view in one array doubles at once, and held old and new copies together. A multiple
     * of the largest block.
     */
    public static final int PAGE_SLOTS = 1 << 16;

    private final int firstWord;
    private final int words;
    private final Columns columns;
    /** Slots handed out so far (blocks in use or free). */
    private int used;
    private int capacity;
    /** Per size class, the free blocks' starts (a stack). */
    private final int[][] free = new int[SIZE_CLASSES][];
    private final int[] freeCount = new int[SIZE_CLASSES];

    /**
     * Slots for lines of {@code lineSize}, whose offset sets are the entries' view words from
     * {@code firstWord} on ({@link #wordsFor} of them), with values in {@code columns}.
     */
    public LineOffsetSlots(LineSize lineSize, int firstWord, Columns columns) {
        this.firstWord = firstWord;
        this.words = wordsFor(lineSize);
        this.columns = columns;
        for (int c = 0; c < SIZE_CLASSES; c++) {
            free[c] = new int[4];
        }
    }

    /** The view words an offset set of a line of {@code lineSize} takes: one bit per byte. */
    public static int wordsFor(LineSize lineSize) {
        return Math.max(1, lineSize.bytes() / 64);
    }

    /** Whether the line of entry {@code p} has a slot for byte {@code offset}. */
    public boolean has(LineCpuTable lines, int p, int offset) {
        return (lines.words()[lines.word(p, firstWord + (offset >>> 6))] & 1L << offset) != 0; // shifts use the low six bits
    }

    /** The slot of byte {@code offset} of the line of entry {@code p}, or {@link #NONE}. */
    public int slotOf(LineCpuTable lines, int p, int offset) {
        return has(lines, p, offset) ? lines.field(p) + below(lines, p, offset) : NONE;
    }

    /**
     * Gives byte {@code offset} of the line of entry {@code p}, which has none, a slot, moving the
     * line to a larger block or shifting its slots above it as needed; returns the slot. The
     * values of the new slot are whatever the columns held there: the caller sets them.
     */
    public int insert(LineCpuTable lines, int p, int offset) {
        int block = lines.field(p);
        int pos = below(lines, p, offset);
        int n = count(lines, p);
        if (n == capacity(n)) { // full (or none yet): move to a block twice the size
            int moved = allocate(n == 0 ? 2 : n * 2);
            if (n != 0) {
                move(block, moved, pos);
                move(block + pos, moved + pos + 1, n - pos);
                release(block, n);
            }
            block = moved;
            lines.setField(p, block);
        } else {
            move(block + pos, block + pos + 1, n - pos);
        }
        lines.words()[lines.word(p, firstWord + (offset >>> 6))] |= 1L << offset;
        return block + pos;
    }

    /** {@link Columns#move}, but not for nothing: a line of fresh addresses mostly appends. */
    private void move(int from, int to, int n) {
        if (n != 0) {
            columns.move(from, to, n);
        }
    }

    /** The offsets present below byte {@code offset} on the line of entry {@code p}. */
    private int below(LineCpuTable lines, int p, int offset) {
        long[] t = lines.words();
        int first = lines.word(p, firstWord);
        int at = first + (offset >>> 6);
        return Long.bitCount(t[at] & ((1L << offset) - 1)) + bitsIn(t, first, at);
    }

    /** The number of offsets with a slot on the line of entry {@code p}. */
    public int count(LineCpuTable lines, int p) {
        int first = lines.word(p, firstWord);
        return bitsIn(lines.words(), first, first + words);
    }

    /** The first slot of the line of entry {@code p}; its offsets' slots follow in offset order. */
    public int block(LineCpuTable lines, int p) {
        return lines.field(p);
    }

    /** Offset word {@code w} of the line of entry {@code p} (bit i: byte {@code 64 * w + i} has a slot). */
    public long offsetWord(LineCpuTable lines, int p, int w) {
        return lines.words()[lines.word(p, firstWord + w)];
    }

    /** The offset words of a line ({@link #wordsFor}). */
    public int words() {
        return words;
    }

    /** Slots handed out (blocks in use and free): the columns' size. */
    public int used() {
        return used;
    }

    /** Offsets present in the words {@code [from, to)} of {@code t} (none for lines up to 64 bytes). */
    private static int bitsIn(long[] t, int from, int to) {
        int n = 0;
        for (int w = from; w < to; w++) {
            n += Long.bitCount(t[w]);
        }
        return n;
    }

    /** Slots of the block of a line with {@code n} offsets (0 for none). */
    static int capacity(int n) {
        return n == 0 ? 0 : Math.max(2, Integer.highestOneBit(n - 1) << 1);
    }

    private int allocate(int blockSize) {
        int c = Integer.numberOfTrailingZeros(blockSize);
        if (freeCount[c] > 0) {
            return free[c][--freeCount[c]];
        }
        int next = (used / PAGE_SLOTS + 1) * PAGE_SLOTS;
        boolean crosses = used + blockSize > next;
        int end = (crosses ? next : used) + blockSize;
        if (end > capacity) {
            capacity = columns.ensure(end);
        }
        if (crosses) { // the rest of the page, in blocks for the free lists (used is even: every block is)
            for (int b = used; b < next; ) {
                int size = Math.min(Integer.highestOneBit(next - b), 1 << (SIZE_CLASSES - 1));
                release(b, size);
                b += size;
            }
            used = next;
        }
        int b = used;
        used += blockSize;
        return b;
    }

    private void release(int block, int blockSize) {
        int c = Integer.numberOfTrailingZeros(blockSize);
        if (freeCount[c] == free[c].length) {
            free[c] = Arrays.copyOf(free[c], 2 * free[c].length);
        }
        free[c][freeCount[c]++] = block;
    }
}
