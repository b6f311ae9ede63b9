package org.mtrace.analyses.sharedaddr;

import org.mtrace.mscan.engine.AnalysisException;

/**
 * The distinct addresses of an {@link AddressRowTable}, numbered densely in order of first access
 * (their slots), with an open-addressing index from address to slot. The index holds only slot
 * numbers (4 bytes a position, at most three quarters full) and compares against the addresses'
 * own column, where a general primitive map would keep every address twice at half load.
 */
final class AddressIndex {
    static final int NONE = -1;
    private final LongPages addresses = new LongPages();
    /** Slot + 1 per position, 0 empty; linear probing. */
    private int[] index = new int[1 << 10];
    /** 64 - log2(index.length): a position is the top bits of the address times an odd constant. */
    private int shift = 64 - 10;

    /** The slot of {@code addr}, or {@link #NONE}. */
    int slotOf(long addr) {
        int mask = index.length - 1;
        for (int i = position(addr); ; i = (i + 1) & mask) {
            int s = index[i] - 1;
            if (s == NONE || addresses.get(s) == addr) {
                return s;
            }
        }
    }

    /** Numbers {@code addr}, which must not have a slot yet; returns its slot. */
    int add(long addr) {
        if (4L * (addresses.size() + 1) > 3L * index.length) {
            grow();
        }
        int slot = addresses.add(addr);
        insert(slot, addr);
        return slot;
    }

    long address(int slot) {
        return addresses.get(slot);
    }

    int size() {
        return addresses.size();
    }

    /** Drops the index (after the pass: rows are read by slot only); {@link #slotOf} fails after it. */
    void releaseIndex() {
        index = null;
    }

    long bytes() {
        return addresses.bytes() + (index == null ? 0 : 4L * index.length);
    }

    private void insert(int slot, long addr) {
        int mask = index.length - 1;
        int i = position(addr);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    private void grow() {
        if (index.length >= 1 << 30) {
            throw new AnalysisException("more than " + (3 << 28) + " distinct addresses");
        }
        index = new int[index.length * 2];
        shift--;
        for (int s = 0; s < addresses.size(); s++) {
            insert(s, addresses.get(s));
        }
    }

    /**
     * Fibonacci hashing: the top bits of the product (its middle bits repeat short patterns for
     * aligned addresses, which linear probing turns into long runs).
     */
    private int position(long addr) {
        return (int) ((addr * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
