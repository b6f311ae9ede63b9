package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;

/**
 * The (address, labelled object) rows of shared-addresses (MSCAN.md §8.9), counted per PC and
 * CPU, in creation order; the coverage figure ({@link AttributionCoverage}) classifies the same
 * rows.
 *
 * <p>Memory: a real recording gives millions of rows (3.9 M on a 31 M-access one), so rows,
 * addresses and counters live column-wise in primitive arrays rather than as objects: a row costs
 * 53 bytes, each of its (PC, CPU) counters 24 and each address about 44, where an object per row
 * with its three small arrays, a row set per address and a map slot cost about 230 bytes for a
 * row with one counter. Rows are read back through a reusable {@link AddressRow} view.
 *
 * <p>Speed: the object at an address only changes when labels change, so the row last used for
 * an address is reused without a label lookup while the label-map generation is unchanged; a
 * per-CPU register skips even the row lookup for repeated accesses to one address; a
 * direct-mapped cache finds a row's (PC, CPU) counter without walking the row's counter list.
 */
final class AddressRowTable {
    private static final int NONE = -1;
    /** A counter packs its CPU above its count: CPU slots fit 16 bits, counts 48 (2.8e14). */
    private static final int CPU_SHIFT = 48;
    private static final long COUNT_MASK = (1L << CPU_SHIFT) - 1;
    private static final int CELL_CACHE_BITS = 16;

    // Rows, by row index (creation order).
    private long[] rowAddress = new long[16];
    private long[] rowObjectId = new long[16];
    private long[] rowBase = new long[16];
    private long[] rowAllocPc = new long[16];
    /** Label types are the small constants of {@link LabelMaps}. */
    private byte[] rowLabelType = new byte[16];
    /** Label names are interned by the label maps, so this holds references to shared strings. */
    private String[] rowName = new String[16];
    /** The next row of the same address with a smaller object id (ids ≠ 0 kept descending). */
    private int[] rowOlder = new int[16];
    /** The row's first (PC, CPU) counter. */
    private int[] rowCells = new int[16];
    private int rows;

    // Addresses, by slot: the object now at an address is almost always its newest, so a slot
    // keeps its rows newest object first (ids grow with every label) and the row of id 0 apart.
    private final LongIntHashMap slotOf = new LongIntHashMap();
    private int[] slotNewest = new int[16];
    private int[] slotIdZero = new int[16];
    /** The row resolved last, current while {@link #slotGeneration} is the label maps' generation. */
    private int[] slotCurrent = new int[16];
    private long[] slotGeneration = new long[16];
    private int slots;

    // (PC, CPU) counters of rows, linked per row.
    private long[] cellPc = new long[16];
    private long[] cellCpuCount = new long[16];
    private int[] cellRow = new int[16];
    private int[] cellNext = new int[16];
    private int cells;
    private final int[] cellCache = new int[1 << CELL_CACHE_BITS];

    // Per-CPU register: the row of the CPU's last access, valid for its address and generation.
    private int[] lastRow = new int[0];
    private long[] lastAddress = new long[0];
    private long[] lastGeneration = new long[0];

    AddressRowTable() {
        Arrays.fill(cellCache, NONE);
    }

    /** Counts one access to {@code addr} from {@code pc} on {@code cpu}. */
    void count(long addr, long pc, int cpu, Labels labels) {
        long generation = labels.generation();
        if (cpu >= lastRow.length) {
            growRegisters(cpu);
        }
        int row = lastRow[cpu];
        if (row == NONE || lastAddress[cpu] != addr || lastGeneration[cpu] != generation) {
            row = rowFor(addr, generation, labels);
            lastRow[cpu] = row;
            lastAddress[cpu] = addr;
            lastGeneration[cpu] = generation;
        }
        int cell = cellFor(row, pc, cpu); // before indexing: cellFor may replace the array
        cellCpuCount[cell]++;
    }

    private int rowFor(long addr, long generation, Labels labels) {
        int slot = slotOf.getIfAbsent(addr, NONE);
        if (slot == NONE) {
            slot = newSlot();
            slotOf.put(addr, slot);
        } else if (slotCurrent[slot] != NONE && slotGeneration[slot] == generation) {
            return slotCurrent[slot];
        }
        int o = labels.labelAt(addr);
        long id = o == LabelMaps.NO_LABEL ? 0 : labels.labelId(o);
        int row = find(slot, id);
        if (row == NONE) {
            row = o == LabelMaps.NO_LABEL ? newRow(addr, 0, "", 0, 0, 0)
                    : newRow(addr, id, labels.labelName(o), labels.labelStart(o), labels.labelType(o),
                            labels.labelAllocPc(o));
            link(slot, row);
        }
        slotCurrent[slot] = row;
        slotGeneration[slot] = generation;
        return row;
    }

    /** The row of object {@code id} at the slot's address, or {@link #NONE}. */
    private int find(int slot, long id) {
        if (id == 0) {
            return slotIdZero[slot];
        }
        int row = slotNewest[slot];
        while (row != NONE && rowObjectId[row] > id) { // ids are a non-negative counter
            row = rowOlder[row];
        }
        return row != NONE && rowObjectId[row] == id ? row : NONE;
    }

    /** Adds the row of an object not yet at the slot's address, keeping ids descending. */
    private void link(int slot, int row) {
        long id = rowObjectId[row];
        if (id == 0) {
            slotIdZero[slot] = row;
            return;
        }
        int newest = slotNewest[slot];
        if (newest == NONE || rowObjectId[newest] < id) {
            rowOlder[row] = newest;
            slotNewest[slot] = row;
            return;
        }
        int prev = newest;
        while (rowOlder[prev] != NONE && rowObjectId[rowOlder[prev]] > id) {
            prev = rowOlder[prev];
        }
        rowOlder[row] = rowOlder[prev];
        rowOlder[prev] = row;
    }

    private int cellFor(int row, long pc, int cpu) {
        int h = cacheIndex(row, pc, cpu);
        int c = cellCache[h];
        if (c != NONE && cellRow[c] == row && cellPc[c] == pc && cpuOf(c) == cpu) {
            return c;
        }
        c = rowCells[row];
        while (c != NONE && (cellPc[c] != pc || cpuOf(c) != cpu)) {
            c = cellNext[c];
        }
        if (c == NONE) {
            c = newCell(row, pc, cpu);
        }
        cellCache[h] = c;
        return c;
    }

    private static int cacheIndex(int row, long pc, int cpu) {
        long h = (pc ^ ((long) row << 20) ^ cpu) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - CELL_CACHE_BITS));
    }

    private int cpuOf(int cell) {
        return (int) (cellCpuCount[cell] >>> CPU_SHIFT);
    }

    private int newRow(long addr, long id, String name, long base, int labelType, long allocPc) {
        if (rows == rowAddress.length) {
            int n = rows * 2;
            rowAddress = Arrays.copyOf(rowAddress, n);
            rowObjectId = Arrays.copyOf(rowObjectId, n);
            rowBase = Arrays.copyOf(rowBase, n);
            rowAllocPc = Arrays.copyOf(rowAllocPc, n);
            rowLabelType = Arrays.copyOf(rowLabelType, n);
            rowName = Arrays.copyOf(rowName, n);
            rowOlder = Arrays.copyOf(rowOlder, n);
            rowCells = Arrays.copyOf(rowCells, n);
        }
        rowAddress[rows] = addr;
        rowObjectId[rows] = id;
        rowBase[rows] = base;
        rowAllocPc[rows] = allocPc;
        rowLabelType[rows] = (byte) labelType;
        rowName[rows] = name;
        rowOlder[rows] = NONE;
        rowCells[rows] = NONE;
        return rows++;
    }

    private int newSlot() {
        if (slots == slotNewest.length) {
            int n = slots * 2;
            slotNewest = Arrays.copyOf(slotNewest, n);
            slotIdZero = Arrays.copyOf(slotIdZero, n);
            slotCurrent = Arrays.copyOf(slotCurrent, n);
            slotGeneration = Arrays.copyOf(slotGeneration, n);
        }
        slotNewest[slots] = NONE;
        slotIdZero[slots] = NONE;
        slotCurrent[slots] = NONE;
        return slots++;
    }

    private int newCell(int row, long pc, int cpu) {
        if (cells == cellPc.length) {
            int n = cells * 2;
            cellPc = Arrays.copyOf(cellPc, n);
            cellCpuCount = Arrays.copyOf(cellCpuCount, n);
            cellRow = Arrays.copyOf(cellRow, n);
            cellNext = Arrays.copyOf(cellNext, n);
        }
        cellPc[cells] = pc;
        cellCpuCount[cells] = (long) cpu << CPU_SHIFT;
        cellRow[cells] = row;
        cellNext[cells] = rowCells[row];
        rowCells[row] = cells;
        return cells++;
    }

    private void growRegisters(int cpu) {
        int old = lastRow.length;
        int n = Math.max(cpu + 1, old * 2);
        lastRow = Arrays.copyOf(lastRow, n);
        lastAddress = Arrays.copyOf(lastAddress, n);
        lastGeneration = Arrays.copyOf(lastGeneration, n);
        Arrays.fill(lastRow, old, n, NONE);
    }

    /** The bytes of the arrays held (their capacity, as allocated). */
    long stateBytes() {
        long perRow = 4L * 8 + 1 + 4 + 4 + 4;
        long perSlot = 4 + 4 + 4 + 8 + 24; // + the map's key, value and free space
        long perCell = 8 + 8 + 4 + 4;
        return perRow * rowAddress.length + perSlot * slotNewest.length + perCell * cellPc.length
                + 4L * cellCache.length;
    }

    /** Number of rows. */
    int size() {
        return rows;
    }

    long address(int row) {
        return rowAddress[row];
    }

    long objectId(int row) {
        return rowObjectId[row];
    }

    /** A view of the rows in creation order; it moves one reusable {@link AddressRow}. */
    Iterable<AddressRow> rows() {
        return () -> new java.util.Iterator<>() {
            private final AddressRow view = new AddressRow();
            private int next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public AddressRow next() {
                if (next >= rows) {
                    throw new java.util.NoSuchElementException();
                }
                return load(next++, view);
            }
        };
    }

    /** Fills {@code view} with row {@code row}: its fields, its PCs' and its CPUs' totals. */
    AddressRow load(int row, AddressRow view) {
        int n = 0;
        int maxCpu = -1;
        for (int c = rowCells[row]; c != NONE; c = cellNext[c]) {
            n++;
            maxCpu = Math.max(maxCpu, cpuOf(c));
        }
        long[] pcs = new long[n];
        long[] counts = new long[n];
        long[] perCpu = new long[maxCpu + 1];
        int i = 0;
        for (int c = rowCells[row]; c != NONE; c = cellNext[c]) {
            pcs[i] = cellPc[c];
            counts[i++] = cellCpuCount[c] & COUNT_MASK;
            perCpu[cpuOf(c)] += cellCpuCount[c] & COUNT_MASK;
        }
        view.set(rowAddress[row], rowObjectId[row], rowName[row], rowBase[row], rowLabelType[row],
                rowAllocPc[row], pcs, counts, perCpu);
        return view;
    }
}
