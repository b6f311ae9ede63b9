package org.mtrace.analyses.sharedaddr;

import org.mtrace.mscan.lines.LineCpuTable;
import org.mtrace.mscan.lines.LineOffsetSlots;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.SlotPages;

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

    /**
     * Per slot of the offsets' blocks, side by side ({@link SlotPages}): the address's number and its
     * newest row (low and high half), the label maps' generation and the row resolved then, and the
     * row of object id 0.
     */
    private static final int WORDS = 4;
    private static final int NUMBER_AND_NEWEST = 0;
    private static final int GENERATION = 1;
    private static final int CURRENT = 2;
    private static final int ID_ZERO = 3;
    private SlotPages slots = new SlotPages(WORDS);

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
            slots.set(s, NUMBER_AND_NEWEST, (long) NONE << 32 | addresses.add(addr) & 0xffffffffL);
            slots.set(s, GENERATION, 0);
            slots.set(s, CURRENT, NONE);
            slots.set(s, ID_ZERO, NONE);
        }
        return s;
    }

    /** The number of the slot's address. */
    int number(int slot) {
        return (int) slots.get(slot, NUMBER_AND_NEWEST);
    }

    /** The row the slot's address resolved to under label-map generation {@code generation}, or {@link #NONE}. */
    int currentRow(int slot, long generation) {
        return slots.get(slot, GENERATION) == generation ? (int) slots.get(slot, CURRENT) : NONE;
    }

    void setCurrent(int slot, long generation, int row) {
        slots.set(slot, GENERATION, generation);
        slots.set(slot, CURRENT, row);
    }

    /** The row of the slot's address with the newest object of id ≠ 0, or {@link #NONE}. */
    int newest(int slot) {
        return (int) (slots.get(slot, NUMBER_AND_NEWEST) >> 32);
    }

    void setNewest(int slot, int row) {
        slots.set(slot, NUMBER_AND_NEWEST, (long) row << 32 | slots.get(slot, NUMBER_AND_NEWEST) & 0xffffffffL);
    }

    /** The row of the slot's address with object id 0 (no label), or {@link #NONE}. */
    int idZero(int slot) {
        return (int) slots.get(slot, ID_ZERO);
    }

    void setIdZero(int slot, int row) {
        slots.set(slot, ID_ZERO, row);
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
        slots = null;
    }

    long bytes() {
        return addresses.bytes() + (lines == null ? 0 : lines.stateBytes() + slots.bytes());
    }

    @Override
    public int ensure(int n) {
        return slots.ensure(n);
    }

    @Override
    public void move(int from, int to, int n) {
        slots.move(from, to, n);
    }
}
