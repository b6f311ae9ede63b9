package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Lines by CPUs, the state the per-line views share: a dense id per cache line (under one
 * {@link LineSize}, in order of first access), a dense slot per (line, CPU) with its load and
 * store counts. A view keeps what only it needs in its own primitive columns indexed by these
 * ids (all-sharing its first records per address, the report its byte masks and keys), so
 * "sharing by X" is a column or a key over the same ids, not another hash table of lines.
 *
 * <p>Speed: finding a slot is one probe of a {@link PairIndex} on (line address, CPU); only a new
 * (line, CPU) also probes the line {@link Interner}. Slot and line ids never move, so callers may
 * keep the slot of a CPU's last line in a register and skip the probe while the CPU stays on it.
 * Any CPU number is fine (no 64-CPU bit masks here); counts are 64-bit.
 */
public final class LineCpuTable {
    private final LineSize lineSize;
    private final Interner lineIds = new Interner();
    /** (line address, CPU) to its slot. */
    private final PairIndex slots = new PairIndex();

    // per slot
    private int[] lineOf = new int[256];
    private long[] loads = new long[256];
    private long[] stores = new long[256];
    private int maxCpu = -1;

    public LineCpuTable(LineSize lineSize) {
        this.lineSize = lineSize;
    }

    public LineSize lineSize() {
        return lineSize;
    }

    /** The slot of ({@code addr}'s line, {@code cpu}), made (with zero counts) if new. */
    public int slot(long addr, int cpu) {
        long line = lineSize.lineOf(addr);
        int known = slots.size();
        int s = slots.idOf(line, cpu);
        if (s == known) {
            if (s == lineOf.length) {
                grow(s * 2);
            }
            lineOf[s] = lineIds.idOf(line);
            if (cpu > maxCpu) {
                maxCpu = cpu;
            }
        }
        return s;
    }

    /** Counts one load or store at a slot. */
    public void count(int slot, boolean store) {
        if (store) {
            stores[slot]++;
        } else {
            loads[slot]++;
        }
    }

    private void grow(int n) {
        lineOf = Arrays.copyOf(lineOf, n);
        loads = Arrays.copyOf(loads, n);
        stores = Arrays.copyOf(stores, n);
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Lines seen; line ids are 0 up to this. */
    public int lines() {
        return lineIds.size();
    }

    /** The first byte of line {@code line}. */
    public long address(int line) {
        return lineIds.value(line);
    }

    /** The id of the line that starts at {@code address}, which must have been seen. */
    public int lineId(long address) {
        return lineIds.idOf(address);
    }

    /** Slots made; slot ids are 0 up to this. */
    public int slots() {
        return slots.size();
    }

    /** The line id of a slot. */
    public int line(int slot) {
        return lineOf[slot];
    }

    /** The CPU of a slot. */
    public int cpu(int slot) {
        return (int) slots.second(slot);
    }

    public long loads(int slot) {
        return loads[slot];
    }

    public long stores(int slot) {
        return stores[slot];
    }

    /** The slot of (line id, CPU), or -1 if that CPU never touched the line. */
    public int find(int line, int cpu) {
        return slots.find(address(line), cpu);
    }

    /** The highest CPU counted, -1 before the first. */
    public int maxCpu() {
        return maxCpu;
    }

    /** Bytes held (for the engine's out-of-memory choice). */
    public long stateBytes() {
        return 20L * lineOf.length + slots.stateBytes() + lineIds.stateBytes();
    }
}
