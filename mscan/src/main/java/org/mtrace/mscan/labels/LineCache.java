package org.mtrace.mscan.labels;

/**
 * Remembers {@code objects_on_line} results (a direct-mapped cache, no allocation once warm).
 *
 * <p>Why it is exact: the walk for line L visits every last-byte key in [L, stop], where stop is
 * the key of the first object that failed the overlap test; only an insertion or removal of a
 * key in that range can change the result. Every insertion/removal bumps a version counter of
 * the 4 KiB "page" of its key (counters are hashed; a collision only causes extra misses).
 * A result is cached only when L and stop lie in the same or adjacent pages, and is reused only
 * while those pages' counters are unchanged.
 *
 * <p>Layout: a slot's tag, versions, count and up to {@value #INLINE_KINDS} object kinds share one
 * {@code long[]} stride of 64 bytes, so {@link #lookupKinds} touches one or two cache lines; the
 * labels' handles are in a per-slot array. A handle in a valid result is a live label: removing it
 * changed its page's counter.
 */
final class LineCache {
    private static final int SLOT_BITS = 16;
    private static final int PAGE_SHIFT = 12;
    private static final int VERSION_BITS = 16;
    private static final int TAG = 0;
    private static final int VERSIONS = 1; // page version << 32 | next page version
    private static final int META = 2;     // count | TWO_PAGES
    private static final long TWO_PAGES = 1L << 32;
    private static final int KINDS = 3;    // kinds two per long from here
    private static final int STRIDE = 8;
    static final int INLINE_KINDS = (STRIDE - KINDS) * 2 - 2; // 8

    /**
     * Per slot: tag (line | 1, 0 = empty), versions, meta, packed kinds; with {@link #results}, made
     * at the first {@link #store} (4.3 MB: a run that never asks about lines does not pay for them,
     * while the versions, bumped by every label from the first on, are there from the start).
     */
    private long[] slots;
    private int[][] results;
    private final int[] pageVersion = new int[1 << VERSION_BITS];

    /** A key (last byte) was inserted into or removed from the index. */
    void modified(long key) {
        pageVersion[pageSlot(key)]++;
    }

    /** Fills {@code out} from the cache if it holds a valid result for {@code line}. */
    boolean lookup(long line, ObjectList out) {
        int b = validSlot(line);
        if (b < 0) {
            return false;
        }
        int[] r = results[b / STRIDE];
        for (int i = 0, n = (int) slots[b + META]; i < n; i++) {
            out.add(r[i]);
        }
        return true;
    }

    /** Fills {@code out} with the kinds of a valid cached result of up to 8 objects. */
    boolean lookupKinds(long line, KindList out) {
        int b = validSlot(line);
        if (b < 0) {
            return false;
        }
        int n = (int) slots[b + META];
        if (n > INLINE_KINDS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            long packed = slots[b + KINDS + (i >> 1)];
            out.add((i & 1) == 0 ? (int) packed : (int) (packed >>> 32));
        }
        return true;
    }

    /** Base index of the slot holding a still valid result for {@code line}, or -1. */
    private int validSlot(long line) {
        int b = slot(line) * STRIDE;
        if (slots == null || slots[b + TAG] != (line | 1)) {
            return -1;
        }
        long versions = slots[b + VERSIONS];
        long meta = slots[b + META];
        if ((int) (versions >>> 32) != pageVersion[pageSlot(line)]
                || (meta & TWO_PAGES) != 0 && (int) versions != pageVersion[pageSlot(line + (1L << PAGE_SHIFT))]) {
            return -1;
        }
        return b;
    }

    /**
     * Stores the walk result {@code found} for {@code line} that stopped at key {@code stop};
     * returns whether it did (not when the walk's keys span more than two pages).
     */
    boolean store(long line, long stop, ObjectList found, LabelMap map) {
        long pages = (stop >>> PAGE_SHIFT) - (line >>> PAGE_SHIFT);
        if (pages > 1) {
            return false; // the walk's key range spans more than two pages: not tracked
        }
        if (slots == null) {
            slots = new long[STRIDE << SLOT_BITS];
            results = new int[1 << SLOT_BITS][];
        }
        int s = slot(line);
        int[] r = results[s];
        int n = found.size();
        if (r == null || r.length < n) {
            r = new int[Math.max(4, n)];
            results[s] = r;
        }
        for (int i = 0; i < n; i++) {
            r[i] = found.label(i);
        }
        int b = s * STRIDE;
        for (int i = 0; i < n && i < INLINE_KINDS; i += 2) {
            long lo = map.kind(r[i]) & 0xffffffffL;
            long hi = i + 1 < n ? (long) map.kind(r[i + 1]) << 32 : 0;
            slots[b + KINDS + (i >> 1)] = hi | lo;
        }
        slots[b + TAG] = line | 1;
        slots[b + VERSIONS] = stamp(line);
        slots[b + META] = n | (pages == 1 ? TWO_PAGES : 0);
        return true;
    }

    /**
     * The versions of {@code line}'s page and the next: a result this cache holds or held for the
     * line is still right while they are unchanged (the check {@link #lookup} makes, without the
     * slot, which another line may have taken since).
     */
    long stamp(long line) {
        return ((long) pageVersion[pageSlot(line)] << 32) | (pageVersion[pageSlot(line + (1L << PAGE_SHIFT))] & 0xffffffffL);
    }

    private static int slot(long line) {
        return (int) ((line >>> 6) * 0x9E3779B97F4A7C15L >>> (64 - SLOT_BITS));
    }

    private static int pageSlot(long key) {
        return (int) ((key >>> PAGE_SHIFT) * 0xC2B2AE3D27D4EB4FL >>> (64 - VERSION_BITS));
    }
}
