package org.mtrace.mscan.lines;

import java.util.Arrays;

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
    /**
     * The masks of lines that have one: per slot the line and its mask (0: empty; a mask always
     * holds a CPU); open addressing, linear probing, at most half full. Why not Eclipse's
     * LongLongHashMap: an access cost it a lookup and a put (two probes, often its slow collision
     * path on line numbers); here one probe finds the slot that is then read and written.
     */
    private long[] slots = new long[2 * 1024];
    private int mask = 1023;
    private int size;

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
        Arrays.fill(slots, 0);
        size = 0;
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

    /**
     * Reads the slot where the line of {@code pa} would be, so that a later {@link #accessLines}
     * finds it in the CPU's caches; returns what it read, for the caller to keep (a read whose value
     * is unused may be dropped by the compiler).
     */
    public long touch(long pa) {
        return slots[2 * (PairIndex.hash(0, pa >>> lineShift) & mask) + 1];
    }

    private boolean line(long line, int cpu, boolean store) {
        long bit = 1L << cpu;
        long[] s = slots;
        int i = PairIndex.hash(0, line) & mask;
        long held;
        while ((held = s[2 * i + 1]) != 0 && s[2 * i] != line) {
            i = (i + 1) & mask;
        }
        boolean absent = held == 0;
        if (absent) {
            held = EVERY_CPU;
        }
        long next;
        if (store) {
            if (held == bit) {
                return false;
            }
            next = bit;
        } else {
            if ((held & bit) != 0) {
                return false;
            }
            next = held | bit;
        }
        s[2 * i + 1] = next;
        if (absent) {
            s[2 * i] = line;
            if (++size * 2 > mask + 1) {
                grow();
            }
        }
        return true;
    }

    private void grow() {
        mask = 2 * mask + 1;
        slots = Interner.rehash(slots, mask);
    }

    /** Lines whose mask differs from "every CPU" (for a size estimate). */
    public int trackedLines() {
        return size;
    }
}
