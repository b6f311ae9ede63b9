package org.mtrace.mscan.labels;

/**
 * Per 4 KiB page, how many labels of the last-byte index touch it, so a line query or an address
 * lookup can answer "no label here" with one probe instead of a descent of the index.
 *
 * <p>Why: on a real recording most line queries (false-sharing asks one per access) are about lines
 * no label covers (user memory, page contents, unlabelled direct-map pages); the walk then costs a
 * descent of the index whenever its per-line hint is stale, which label churn makes it most of the
 * time (20 M of 22.5 M walks found nothing on a 28.5 M-access recording of the 6.1 kernel).
 *
 * <p>A label {@code [start, lastByte]} counts on every page from {@code start}'s to
 * {@code lastByte}'s; a label whose last byte lies below its start (zero bytes, or wrapped past
 * 2^64) counts on the pages of both ends, which is where the walk can report it (see
 * {@link LabelMap}). Open addressing with linear probing and backward-shift deletion: a page leaves
 * the table when its count drops to zero, so the table holds only pages labels cover now, and the
 * query reads the key column alone.
 */
final class PageCounts {
    static final int PAGE_SHIFT = 12;
    private static final int MIN_BITS = 10;

    /** Per slot: the page number shifted left by one, or-ed with 1 (0 = empty). */
    private long[] keys = new long[1 << MIN_BITS];
    private int[] counts = new int[1 << MIN_BITS];
    private int shift = 64 - MIN_BITS;
    private int size;

    /** Whether any counted label touches the page holding {@code addr}. */
    boolean covered(long addr) {
        long tag = tagOf(addr >>> PAGE_SHIFT);
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = home(tag); ; i = (i + 1) & mask) {
            long t = k[i];
            if (t == tag) {
                return true;
            }
            if (t == 0) {
                return false;
            }
        }
    }

    /** Counts a label on the pages it touches. */
    void add(long start, long lastByte) {
        forEachPage(start, lastByte, true);
    }

    /** Uncounts a label {@link #add}ed with the same bounds. */
    void remove(long start, long lastByte) {
        forEachPage(start, lastByte, false);
    }

    private void forEachPage(long start, long lastByte, boolean add) {
        long first = start >>> PAGE_SHIFT;
        long last = lastByte >>> PAGE_SHIFT;
        if (Long.compareUnsigned(start, lastByte) > 0) { // below its start: the two ends' pages
            change(first, add);
            if (last != first) {
                change(last, add);
            }
            return;
        }
        for (long p = first; ; p++) {
            change(p, add);
            if (p == last) {
                return;
            }
        }
    }

    private void change(long page, boolean add) {
        long tag = tagOf(page);
        int mask = keys.length - 1;
        int i = home(tag);
        while (keys[i] != tag && keys[i] != 0) {
            i = (i + 1) & mask;
        }
        if (add) {
            if (keys[i] == tag) {
                counts[i]++;
            } else {
                keys[i] = tag;
                counts[i] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
            }
        } else if (keys[i] == tag && --counts[i] == 0) {
            delete(i);
        }
    }

    /** Empties slot {@code i} and moves later entries of its probe run back into the gap. */
    private void delete(int i) {
        int mask = keys.length - 1;
        int gap = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int h = home(keys[j]);
            // the entry at j may fill the gap unless its home lies cyclically in (gap, j]
            if (((j - h) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                counts[gap] = counts[j];
                gap = j;
            }
        }
        keys[gap] = 0;
        counts[gap] = 0;
        size--;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        shift--;
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = home(oldKeys[j]);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    /** Pages currently counted (tests). */
    int size() {
        return size;
    }

    private static long tagOf(long page) {
        return page << 1 | 1;
    }

    private int home(long tag) {
        return (int) ((tag * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
