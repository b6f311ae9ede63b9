package org.mtrace.kernelhooks.refilter;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * The cache-line movement filter of FORMAT.md 6.3 with a chosen line size, as
 * the recorder plugin applies it (recorder/src/movement.c, 64-byte lines):
 * infinite, fully associative per-CPU caches with invalidate-on-write and one
 * 64-bit CPU mask per line.  A load is traffic unless the CPU holds the line;
 * a store is traffic unless the CPU holds it alone.  After a reset every CPU
 * holds every line, so a line absent from the table has the full mask.
 */
public final class MovementFilter {
    public static final int MAX_CPUS = 64;
    private static final long EVERY_CPU = -1L;

    private final int lineShift;
    private final LongLongHashMap masks = new LongLongHashMap();

    /** @param lineSize a power of two (bytes) */
    public MovementFilter(int lineSize) {
        if (lineSize <= 0 || Integer.bitCount(lineSize) != 1) {
            throw new IllegalArgumentException("line size must be a power of two (got " + lineSize + ")");
        }
        this.lineShift = Integer.numberOfTrailingZeros(lineSize);
    }

    /** Every line becomes present in every CPU's cache (the recorder does this on entering movement mode). */
    public void reset() {
        masks.clear();
    }

    /**
     * Applies an access of {@code bytes} bytes at physical address {@code pa}; an access that
     * straddles two lines is applied to both and is traffic if either line moves (as the plugin does).
     */
    public boolean access(long pa, int bytes, int cpu, boolean store) {
        long first = pa >>> lineShift;
        long last = (pa + bytes - 1) >>> lineShift;
        boolean traffic = line(first, cpu, store);
        if (last != first) {
            traffic |= line(last, cpu, store);
        }
        return traffic;
    }

    private boolean line(long line, int cpu, boolean store) {
        long bit = 1L << cpu;
        long mask = masks.getIfAbsent(line, EVERY_CPU);
        if (store) {
            if (mask == bit) {
                return false;
            }
            masks.put(line, bit);
            return true;
        }
        if ((mask & bit) != 0) {
            return false;
        }
        masks.put(line, mask | bit);
        return true;
    }
}
