package org.mtrace.mscan.lines;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * When an access moves a cache line between CPUs (a transfer): the recorder's movement filter
 * (FORMAT.md 6.3, docs/report.md), infinite fully-associative per-CPU caches with
 * invalidate-on-write, one 64-bit CPU mask per physical line. A load transfers unless the CPU
 * holds the line; a store transfers unless the CPU holds it alone. After a reset every CPU holds
 * every line, so a line absent from the table has the full mask.
 *
 * <p>Why this one model serves both kinds of log: an access the filter drops never changes a mask
 * (a load by a holder, a store by the sole holder), so running the filter over a log the recorder
 * already filtered replays the same masks and calls every logged traffic access a transfer again;
 * over a full trace it finds the same accesses the recorder would have logged.
 */
public final class TransferModel {
    /** CPUs the 64-bit masks can tell apart. */
    public static final int MAX_CPUS = 64;
    private static final long EVERY_CPU = -1L;
    /** {@link #accessLines}: the line of the access's first byte moved. */
    public static final int FIRST_LINE = 1;
    /** {@link #accessLines}: the line of the access's last byte, another line, moved. */
    public static final int LAST_LINE = 2;

    private final int lineShift;
    private final LongLongHashMap masks = new LongLongHashMap();

    public TransferModel(LineSize lineSize) {
        this(lineSize.bytes());
    }

    /**
     * A model of lines of {@code lineBytes} bytes, any power of two (bin/mtrace-refilter accepts
     * sizes the report's {@link LineSize} does not).
     *
     * @throws IllegalArgumentException if {@code lineBytes} is not a power of two
     */
    public TransferModel(int lineBytes) {
        if (lineBytes <= 0 || Integer.bitCount(lineBytes) != 1) {
            throw new IllegalArgumentException("line size must be a power of two (got " + lineBytes + ")");
        }
        this.lineShift = Integer.numberOfTrailingZeros(lineBytes);
    }

    /** Every line becomes present in every CPU's cache (the recorder does this on entering movement mode). */
    public void reset() {
        masks.clear();
    }

    /**
     * Applies an access of {@code bytes} bytes at physical address {@code pa} by {@code cpu}
     * ({@code < MAX_CPUS}); one that straddles two lines is applied to both and transfers if
     * either line moves (as the recorder does).
     */
    public boolean access(long pa, int bytes, int cpu, boolean store) {
        return accessLines(pa, bytes, cpu, store) != 0;
    }

    /**
     * {@link #access}, telling which lines moved: bit 0 ({@link #FIRST_LINE}) the line of the
     * access's first byte, bit 1 ({@link #LAST_LINE}) the line of its last byte when that is
     * another line (an access that straddles two lines).
     */
    public int accessLines(long pa, int bytes, int cpu, boolean store) {
        long first = pa >>> lineShift;
        long last = (pa + Math.max(bytes, 1) - 1) >>> lineShift;
        int moved = line(first, cpu, store) ? FIRST_LINE : 0;
        if (last != first && line(last, cpu, store)) {
            moved |= LAST_LINE;
        }
        return moved;
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

    /** Lines whose mask differs from "every CPU" (for a size estimate). */
    public int trackedLines() {
        return masks.size();
    }
}
