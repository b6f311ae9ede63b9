package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.mtrace.mscan.lines.LineCpuTable;
import org.mtrace.mscan.lines.LineOffsetSlots;
import org.mtrace.mscan.lines.LineSize;

/**
 * The distinct addresses of an {@link AddressRowTable} and what the row table keeps per address,
 * found through the shared line table: shared-addresses is a view of {@link LineCpuTable} whose
 * per-address state hangs off the line entries as all-sharing's does ({@link LineOffsetSlots}:
 * the addresses of a line in one block of slots, in byte order). An address's slot holds its
 * number (dense, in order of first access: rows name their address by it), the row it resolved to
 * last with the label-map generation of then, and the heads of its rows (newest object first, and
 * the row of object id 0 apart). An access whose address resolved under the same generation
 * costs one probe of the line table and one read of its slot's columns.
 *
 * <p>A slot is valid until the next {@link #slot} call (adding an address shifts its line's
 * slots). The table keeps no per-CPU counters ({@link LineCpuTable#withoutCounters}):
 * shared-addresses counts per (address, PC, CPU), not per line. Its lines are 64 bytes whatever
 * the pass's {@code --line-size}: they only index the addresses; rows are per exact address.
 */
final class AddressIndex implements LineOffsetSlots.Columns {
    static final int NONE = -1;
    private static final LineSize LINE = LineSize.DEFAULT;

    /** Addresses by number. */
    private final LongPages addresses = new LongPages();
    private LineCpuTable lines = LineCpuTable.withoutCounters(LINE, LineOffsetSlots.wordsFor(LINE));
    private LineOffsetSlots offsets = new LineOffsetSlots(LINE, 0, this);

    // per slot of the offsets' blocks
    private int[] number = new int[0];
    /** Side by side (one miss): the label maps' generation at {@code 2 * slot}, the row resolved then at {@code 2 * slot + 1}. */
    private long[] current = new long[0];
    private int[] newest = new int[0];
    private int[] idZero = new int[0];

    // the line of the last address and its entry, valid for one table generation: consecutive
    // accesses to fields of one struct stay on a line, and skip the table's probe
    private long lastLine = 1; // no line address has its low bit set
    private int lastEntry;
    private int lastGeneration = -1;

    /**
     * The slot of {@code addr}, adding the address (the next number; no current row, no rows) if
     * new. Valid until the next call.
     */
    int slot(long addr) {
        long line = LINE.lineOf(addr);
        int p;
        if (line == lastLine && lastGeneration == lines.generation()) {
            p = lastEntry;
        } else {
            p = lines.find(addr);
            lastLine = line;
            lastEntry = p;
            lastGeneration = lines.generation();
        }
        int offset = LINE.offsetOf(addr);
        int s = offsets.slotOf(lines, p, offset);
        if (s == LineOffsetSlots.NONE) {
            s = offsets.insert(lines, p, offset);
            number[s] = addresses.add(addr);
            current[2 * s] = 0;
            current[2 * s + 1] = NONE;
            newest[s] = NONE;
            idZero[s] = NONE;
        }
        return s;
    }

    /** The number of the slot's address. */
    int number(int slot) {
        return number[slot];
    }

    /** The row the slot's address resolved to under label-map generation {@code generation}, or {@link #NONE}. */
    int currentRow(int slot, long generation) {
        return current[2 * slot] == generation ? (int) current[2 * slot + 1] : NONE;
    }

    void setCurrent(int slot, long generation, int row) {
        current[2 * slot] = generation;
        current[2 * slot + 1] = row;
    }

    /** The row of the slot's address with the newest object of id ≠ 0, or {@link #NONE}. */
    int newest(int slot) {
        return newest[slot];
    }

    void setNewest(int slot, int row) {
        newest[slot] = row;
    }

    /** The row of the slot's address with object id 0 (no label), or {@link #NONE}. */
    int idZero(int slot) {
        return idZero[slot];
    }

    void setIdZero(int slot, int row) {
        idZero[slot] = row;
    }

    /** The address numbered {@code number}. */
    long address(int number) {
        return addresses.get(number);
    }

    int size() {
        return addresses.size();
    }

    /** Drops the index and the slots (after the pass: rows are read by number only); {@link #slot} fails after it. */
    void releaseIndex() {
        lines = null;
        offsets = null;
        number = null;
        current = null;
        newest = null;
        idZero = null;
    }

    long bytes() {
        return addresses.bytes() + (lines == null ? 0 : lines.stateBytes() + 28L * number.length);
    }

    @Override
    public int ensure(int slots) {
        int n = Math.max(Math.max(1024, 2 * number.length), slots);
        number = Arrays.copyOf(number, n);
        current = Arrays.copyOf(current, 2 * n);
        newest = Arrays.copyOf(newest, n);
        idZero = Arrays.copyOf(idZero, n);
        return n;
    }

    @Override
    public void move(int from, int to, int n) {
        System.arraycopy(number, from, number, to, n);
        System.arraycopy(current, 2 * from, current, 2 * to, 2 * n);
        System.arraycopy(newest, from, newest, to, n);
        System.arraycopy(idZero, from, idZero, to, n);
    }

    @Override
    public void moveSlot(int from, int to) {
        number[to] = number[from];
        current[2 * to] = current[2 * from];
        current[2 * to + 1] = current[2 * from + 1];
        newest[to] = newest[from];
        idZero[to] = idZero[from];
    }
}
