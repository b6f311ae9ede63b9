package org.mtrace.mscan.labels;

/**
 * Per 64-byte line, about how many labels of the last-byte index overlap it: a counter per line,
 * hashed into a table (a counting Bloom filter with one hash). Lines that share a counter add up,
 * so a counter only ever overstates: below two, the line holds at most one label.
 *
 * <p>Why: false-sharing wants the lines that hold two objects or more, and asks about the line of
 * every recorded access. Almost every line a labelled page holds has one object or none (15.8 M of
 * 16.4 M queries on the 50 M-entry benchmark log {@code h50}; the walks found 0.36 objects a line),
 * and such a query cost a descent of the index whenever label churn had made the line cache's
 * answer stale (8.4 M walks). One counter read answers them.
 *
 * <p>A label counts on every line from its start's to its last byte's; one of zero bytes (its last
 * byte just below its start) on the lines of both. One longer than {@value #LONG_LINES} lines, or
 * wrapped past 2^64, is counted per 4 KiB page instead ({@link PageCounts}), so that adding a large
 * region costs no more than the page counts already pay; a line on a page such a label touches may
 * hold two.
 *
 * <p>The table does not grow by itself (it cannot count again the labels it holds): once its
 * counts pass half its size it says {@link #crowded()}, and its owner makes a larger one from the
 * index.
 */
final class LineCounts {
    static final int LINE_SHIFT = 6;
    static final int LONG_LINES = 128;
    static final int MIN_BITS = 16;

    private final int[] counts;
    private final int shift;
    /** Sum of the counters: line overlaps counted now. */
    private long overlaps;
    /** Long and wrapped labels, per page; null while there is none. */
    private PageCounts longLabels;
    private int longCount;

    /** An empty table of {@code 2^bits} counters. */
    LineCounts(int bits) {
        this.counts = new int[1 << bits];
        this.shift = 64 - bits;
    }

    /** The number of counters' bits: {@code log2} of the table size. */
    int bits() {
        return 64 - shift;
    }

    /** Counts a label {@code [start, lastByte]} (unsigned, inclusive). */
    void add(long start, long lastByte) {
        change(start, lastByte, 1);
    }

    /** Uncounts a label {@link #add}ed with the same bounds. */
    void remove(long start, long lastByte) {
        change(start, lastByte, -1);
    }

    private void change(long start, long lastByte, int by) {
        long first = start >>> LINE_SHIFT;
        long last = lastByte >>> LINE_SHIFT;
        if (start - lastByte == 1) { // zero bytes: the walk may report it on the line of either end
            count(last, by);
            if (first != last) {
                count(first, by);
            }
            return;
        }
        if (Long.compareUnsigned(start, lastByte) > 0 || last - first >= LONG_LINES) {
            if (longLabels == null) {
                longLabels = new PageCounts();
            }
            if (by > 0) {
                longLabels.add(start, lastByte);
            } else {
                longLabels.remove(start, lastByte);
            }
            longCount += by;
            return;
        }
        for (long l = first; ; l++) {
            count(l, by);
            if (l == last) {
                return;
            }
        }
    }

    private void count(long lineNumber, int by) {
        counts[slot(lineNumber)] += by;
        overlaps += by;
    }

    /**
     * Whether the {@code bytes}-byte line at {@code line} (aligned, 8 to 4096 bytes) may overlap two
     * labels or more; false is exact: it overlaps one at most.
     */
    boolean mayHoldTwo(long line, int bytes) {
        if (longCount > 0 && longLabels.covered(line)) {
            return true; // an aligned line of at most a page lies in one page
        }
        long first = line >>> LINE_SHIFT;
        int sum = 0;
        for (long l = first, n = Math.max(1, bytes >>> LINE_SHIFT); n > 0; l++, n--) {
            sum += counts[slot(l)];
            if (sum >= 2) {
                return true;
            }
        }
        return false;
    }

    /** Whether the counters should be made again in a larger table (more overlaps than half its size). */
    boolean crowded() {
        return overlaps > counts.length >>> 1;
    }

    private int slot(long lineNumber) {
        return (int) ((lineNumber * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
