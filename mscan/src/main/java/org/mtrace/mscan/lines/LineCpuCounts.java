package org.mtrace.mscan.lines;

/**
 * The report core's per (line, CPU) state: transfers by loads and by stores and the bytes loaded
 * and stored (masks), kept inside the slots of one open-addressing table keyed by (line address,
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
    private long[] slots = new long[256 * STRIDE];
    private int mask = 255;
    private int size;

    /**
     * The slot of {@code (line, cpu)}, made if it is new with the line's id from {@code lineIds}
     * (asked once per new pair), as an index for the {@code count*} methods; valid until the next
     * call.
     */
    int slotOf(long line, int cpu, Interner lineIds) {
        long[] s = slots;
        for (int i = PairIndex.hash(line, cpu) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long tag = s[at + 1];
            if (tag == 0) {
                s[at] = line;
                s[at + 1] = (long) (lineIds.idOf(line) + 1) << 8 | cpu;
                if (++size * 4L > 3L * (mask + 1)) {
                    grow();
                    return find(line, cpu);
                }
                return at;
            }
            if (s[at] == line && (int) (tag & 0xff) == cpu) {
                return at;
            }
        }
    }

    /** Reads the first slot of {@code (line, cpu)}'s probe, to bring it into the caches (see TransferModel.touch). */
    long touch(long line, int cpu) {
        return slots[(PairIndex.hash(line, cpu) & mask) * STRIDE + 1];
    }

    int lineId(int slot) {
        return (int) (slots[slot + 1] >>> 8) - 1;
    }

    /** Counts a transfer by a load ({@link IllegalStateException} past 2^32 - 1 of one line and CPU). */
    void countLoad(int slot, long bytesMask) {
        long c = slots[slot + 2];
        if (c >>> 32 == COUNT) {
            throw new IllegalStateException("more than " + COUNT + " transfers of one line by one CPU");
        }
        slots[slot + 2] = c + (1L << 32);
        slots[slot + 3] |= bytesMask;
    }

    /** Counts a transfer by a store (the same limit). */
    void countStore(int slot, long bytesMask) {
        long c = slots[slot + 2];
        if ((c & COUNT) == COUNT) {
            throw new IllegalStateException("more than " + COUNT + " transfers of one line by one CPU");
        }
        slots[slot + 2] = c + 1;
        slots[slot + 4] |= bytesMask;
    }

    /** The slot of {@code (line, cpu)}, or -1 if the pair has no transfers. */
    int find(long line, int cpu) {
        long[] s = slots;
        for (int i = PairIndex.hash(line, cpu) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long tag = s[at + 1];
            if (tag == 0) {
                return -1;
            }
            if (s[at] == line && (int) (tag & 0xff) == cpu) {
                return at;
            }
        }
    }

    long loads(int slot) {
        return slot < 0 ? 0 : slots[slot + 2] >>> 32;
    }

    long stores(int slot) {
        return slot < 0 ? 0 : slots[slot + 2] & COUNT;
    }

    long loadMask(int slot) {
        return slot < 0 ? 0 : slots[slot + 3];
    }

    long storeMask(int slot) {
        return slot < 0 ? 0 : slots[slot + 4];
    }

    /** Receives every pair once, in no particular order. */
    @FunctionalInterface
    interface PairVisitor {
        void visit(int lineId, int cpu, long loads, long stores);
    }

    void forEach(PairVisitor visitor) {
        long[] s = slots;
        for (int at = 0; at < s.length; at += STRIDE) {
            long tag = s[at + 1];
            if (tag != 0) {
                visitor.visit((int) (tag >>> 8) - 1, (int) (tag & 0xff), s[at + 2] >>> 32, s[at + 2] & COUNT);
            }
        }
    }

    /** (line, CPU) pairs with transfers. */
    int size() {
        return size;
    }

    long stateBytes() {
        return 8L * slots.length;
    }

    private void grow() {
        long[] old = slots;
        int n = (mask + 1) * 2;
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
        slots = s;
        mask = m;
    }
}
