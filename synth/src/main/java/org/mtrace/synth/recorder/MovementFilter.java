package org.mtrace.synth.recorder;

/**
 * The emulator's cache-line movement filter (FORMAT.md §6.3): an infinite,
 * fully associative cache per CPU with invalidate-on-write, over 64-byte
 * lines. Each line has a set of CPUs holding it; a load is traffic when the
 * CPU does not hold the line, a store is traffic unless the CPU holds it
 * exclusively.
 *
 * <p>Unlike the original (an 8-bit mask, so CPUs 8 and up over-report), the
 * set has one bit per CPU for any CPU count: {@code ceil(cpus / 64)} 64-bit
 * words per line. A line not touched since the last reset is held by every
 * CPU (the reset state); it enters the table with that value on first use,
 * so a reset is just {@code clear()}.
 */
public final class MovementFilter {
    private static final int LINE_SHIFT = 6;

    private final int cpus;
    private final int words;
    private final LineMasks masks = new LineMasks();

    public MovementFilter(int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be positive");
        }
        this.cpus = cpus;
        this.words = (cpus + 63) >>> 6;
    }

    /** Every line becomes present in every CPU's cache (entering movement mode). */
    public void reset() {
        masks.clear();
    }

    /** A load by {@code cpu} at host address {@code addr}: true if it moves the line. */
    public boolean load(int cpu, long addr) {
        int word = cpu >>> 6;
        long bit = 1L << (cpu & 63);
        int slot = masks.slot((addr >>> LINE_SHIFT) * words + word, fullWord(word));
        long mask = masks.get(slot);
        if ((mask & bit) != 0) {
            return false;
        }
        masks.set(slot, mask | bit);
        return true;
    }

    /** A store (or iw) by {@code cpu} at host address {@code addr}: true if it moves the line. */
    public boolean store(int cpu, long addr) {
        int own = cpu >>> 6;
        long bit = 1L << (cpu & 63);
        long first = (addr >>> LINE_SHIFT) * words;
        if (words == 1) {
            int slot = masks.slot(first, fullWord(0));
            if (masks.get(slot) == bit) {
                return false;
            }
            masks.set(slot, bit);
            return true;
        }
        boolean exclusive = true;
        for (int w = 0; w < words && exclusive; w++) {
            exclusive = masks.get(masks.slot(first + w, fullWord(w))) == (w == own ? bit : 0L);
        }
        if (exclusive) {
            return false;
        }
        for (int w = 0; w < words; w++) {
            masks.set(masks.slot(first + w, fullWord(w)), w == own ? bit : 0L);
        }
        return true;
    }

    /** Word {@code w} of the all-CPUs set. */
    private long fullWord(int w) {
        int bitsInWord = Math.min(64, cpus - (w << 6));
        return bitsInWord == 64 ? -1L : (1L << bitsInWord) - 1;
    }
}
