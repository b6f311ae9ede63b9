package org.mtrace.mscan.lines;

/**
 * The report core's per (line, CPU) state: transfers by loads and by stores and the bytes loaded
 * and stored (masks), kept inside the slots of open-addressing tables keyed by (line address,
 * CPU).
 *
 * <p>Why inline: a transfer is counted on a table of up to millions of (line, CPU) pairs that
 * misses the CPU caches; with the key and the counters in one slot a transfer costs one miss.
 * Keeping the counters in parallel arrays indexed by a dense id (and the per-line totals in more
 * arrays) cost a miss per array: the slowest part of the report on real recordings. The per-line
 * totals are sums over a line's CPUs, so {@link LineCore} computes them once after the pass.
 */
final class LineCpuCounts {
    // slot: line address, (line id + 1) << 8 | CPU (0: empty), loads << 32 | stores, load mask,
    // store mask; up to three quarters full (linear probing stays short: a probe sequence's slots
    // are adjacent, so a longer one costs no extra miss, while a sparser table would)
    private static final int STRIDE = 5;
    private static final long COUNT = 0xffffffffL;
    /**
     * The table is {@value #SEGMENTS} tables, chosen by the hash's top bits, each growing on its own:
     * growing one table of millions of pairs held the old and the doubled new array at once (167 and
     * 335 MB on a 23.5 M-transfer recording of exim, where the report then ran out of a 1 GiB heap),
     * a segment's growth holds a sixty-fourth of that.
     */
    private static final int SEGMENT_BITS = 6;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    /** A slot handle: segment << INDEX_BITS | slot index in the segment. */
    private static final int INDEX_BITS = 31 - SEGMENT_BITS;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private final long[][] slots = new long[SEGMENTS][];
    private final int[] masks = new int[SEGMENTS];
    private final int[] sizes = new int[SEGMENTS];

    LineCpuCounts() {
        for (int g = 0; g < SEGMENTS; g++) {
            slots[g] = new long[16 * STRIDE];
            masks[g] = 15;
        }
    }

    private static int segment(int hash) {
        return hash >>> (32 - SEGMENT_BITS);
    }

    /**
     * The slot of {@code (line, cpu)}, made if it is new with the line's id from {@code lineIds}
     * (asked once per new pair), as a handle for the {@code count*} methods; valid until the next
     * call.
     */
    int slotOf(long line, int cpu, Interner lineIds) {
        int h = PairIndex.hash(line, cpu);
        int g = segment(h);
        long[] s = slots[g];
        int mask = masks[g];
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long tag = s[at + 1];
            if (tag == 0) {
                s[at] = line;
                s[at + 1] = (long) (lineIds.idOf(line) + 1) << 8 | cpu;
                if (++sizes[g] * 4L > 3L * (mask + 1)) {
                    grow(g);
                    return find(line, cpu);
                }
                return g << INDEX_BITS | i;
            }
            if (s[at] == line && (int) (tag & 0xff) == cpu) {
                return g << INDEX_BITS | i;
            }
        }
    }

    /** Reads the first slot of {@code (line, cpu)}'s probe, to bring it into the caches (see TransferModel.touch). */
    long touch(long line, int cpu) {
        int h = PairIndex.hash(line, cpu);
        int g = segment(h);
        return slots[g][(h & masks[g]) * STRIDE + 1];
    }

    private long[] table(int slot) {
        return slots[slot >>> INDEX_BITS];
    }

    private static int at(int slot) {
        return (slot & INDEX_MASK) * STRIDE;
    }

    int lineId(int slot) {
        return (int) (table(slot)[at(slot) + 1] >>> 8) - 1;
    }

    /** Counts a transfer by a load ({@link IllegalStateException} past 2^32 - 1 of one line and CPU). */
    void countLoad(int slot, long bytesMask) {
        long[] s = table(slot);
        int at = at(slot);
        long c = s[at + 2];
        if (c >>> 32 == COUNT) {
            throw new IllegalStateException("more than " + COUNT + " transfers of one line by one CPU");
        }
        s[at + 2] = c + (1L << 32);
        s[at + 3] |= bytesMask;
    }

    /** Counts a transfer by a store (the same limit). */
    void countStore(int slot, long bytesMask) {
        long[] s = table(slot);
        int at = at(slot);
        long c = s[at + 2];
        if ((c & COUNT) == COUNT) {
            throw new IllegalStateException("more than " + COUNT + " transfers of one line by one CPU");
        }
        s[at + 2] = c + 1;
        s[at + 4] |= bytesMask;
    }

    /** Adds bytes loaded and stored to a slot's masks, counting no transfer. */
    void addMasks(int slot, long loadMask, long storeMask) {
        long[] s = table(slot);
        int at = at(slot);
        s[at + 3] |= loadMask;
        s[at + 4] |= storeMask;
    }

    /** The slot of {@code (line, cpu)}, or -1 if the pair has no transfers. */
    int find(long line, int cpu) {
        int h = PairIndex.hash(line, cpu);
        int g = segment(h);
        long[] s = slots[g];
        int mask = masks[g];
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long tag = s[at + 1];
            if (tag == 0) {
                return -1;
            }
            if (s[at] == line && (int) (tag & 0xff) == cpu) {
                return g << INDEX_BITS | i;
            }
        }
    }

    long loads(int slot) {
        return slot < 0 ? 0 : table(slot)[at(slot) + 2] >>> 32;
    }

    long stores(int slot) {
        return slot < 0 ? 0 : table(slot)[at(slot) + 2] & COUNT;
    }

    long loadMask(int slot) {
        return slot < 0 ? 0 : table(slot)[at(slot) + 3];
    }

    long storeMask(int slot) {
        return slot < 0 ? 0 : table(slot)[at(slot) + 4];
    }

    /** Receives every pair once, in no particular order. */
    @FunctionalInterface
    interface PairVisitor {
        void visit(int lineId, int cpu, long loads, long stores);
    }

    void forEach(PairVisitor visitor) {
        for (long[] s : slots) {
            for (int at = 0; at < s.length; at += STRIDE) {
                long tag = s[at + 1];
                if (tag != 0) {
                    visitor.visit((int) (tag >>> 8) - 1, (int) (tag & 0xff), s[at + 2] >>> 32, s[at + 2] & COUNT);
                }
            }
        }
    }

    /** (line, CPU) pairs with transfers. */
    int size() {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    long stateBytes() {
        long n = 0;
        for (long[] s : slots) {
            n += 8L * s.length;
        }
        return n;
    }

    private void grow(int g) {
        long[] old = slots[g];
        int n = (masks[g] + 1) * 2;
        if (n - 1 > INDEX_MASK) {
            throw new IllegalStateException("more than " + (long) SEGMENTS * INDEX_MASK + " (line, CPU) pairs");
        }
        long[] s = new long[n * STRIDE];
        int m = n - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + 1] != 0) {
                int i = PairIndex.hash(old[at], old[at + 1] & 0xff) & m;
                while (s[i * STRIDE + 1] != 0) {
                    i = (i + 1) & m;
                }
                System.arraycopy(old, at, s, i * STRIDE, STRIDE);
            }
        }
        slots[g] = s;
        masks[g] = m;
    }
}
