package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;

/**
 * The (address, labelled object) rows of shared-addresses (MSCAN.md §8.9), counted per PC and
 * CPU, in creation order; the coverage figure ({@link AttributionCoverage}) classifies the same
 * rows.
 *
 * <p>Memory: a real recording gives millions of rows (14 M rows at 2.3 M addresses with 17 M
 * (row, PC, CPU) counters on the 28.5 M-access exim60-6.1), so rows, addresses and counters live
 * column-wise in paged primitive columns ({@link IntPages}) rather than as objects: a row costs 16
 * bytes (its address's number, its object, the next row of its address, its first counter), a
 * counter 12 (its (PC, CPU) pair number, its count, the next counter of its row), an address 8 and
 * during the pass a slot of 28 in its line's block (its number, its newest/id-0/current row and the
 * generation of the current one; blocks hold a power of two of slots), a line of the shared line
 * table 24 bytes a table slot, at most half of them used ({@link AddressIndex}); the object fields are kept once per object ({@link ObjectTable}), the distinct PCs and (PC,
 * CPU) pairs once each (thousands). Rows are read back through a reusable {@link AddressRow} view.
 *
 * <p>Speed: the object at an address only changes when labels change, so the row last used for
 * an address is reused without a label lookup while the label-map generation is unchanged; a
 * per-CPU register skips even the row lookup for repeated accesses to one address; a
 * direct-mapped cache finds a row's (PC, CPU) counter without walking the row's counter list, and
 * past a short list a (row, pair) map does.
 *
 * <p>Every step of a walk is a cache miss once the tables outgrow the CPU caches, so the walks are
 * kept short, or the cost per access grows with the log (on the benchmark's kernel profile, 8 CPUs
 * reaching each hot address: 4.3 steps per counter-cache miss at 50 M entries against 3.1 at 5 M
 * with lists of up to 8 and none moved): a counter found down the list moves to its front, rows of
 * more than 4 counters are indexed, and what one lookup reads sits side by side (the counter
 * cache's entry, an address's current row and its generation).
 */
final class AddressRowTable {
    private static final int NONE = -1;
    private static final int CELL_CACHE_BITS = 16;
    /** Counters of a row found by walking its list; a longer row's are indexed in {@link #longRowCells}. */
    private static final int SHORT_ROW = 4;

    private final int countLimit;

    private final ObjectTable objects = new ObjectTable();

    // Rows, by row index (creation order).
    private final IntPages rowAddress = new IntPages();
    private final IntPages rowObject = new IntPages();
    /** The next row of the same address with a smaller object id (ids ≠ 0 kept descending). */
    private IntPages rowOlder = new IntPages();
    /** The row's first (PC, CPU) counter. */
    private final IntPages rowCells = new IntPages();

    // Addresses and their rows: the object now at an address is almost always its newest, so an
    // address keeps its rows newest object first (ids grow with every label) and the row of id 0
    // apart, and the row it resolved to last, which stays its row while the label maps' generation
    // holds.
    private final AddressIndex addresses = new AddressIndex();

    // (PC, CPU) counters of rows, linked per row; a count is kept below countLimit, the rest
    // (a multiple of it) in cellHigh.
    private final IntPages cellPair = new IntPages();
    private final IntPages cellCount = new IntPages();
    private final IntPages cellNext = new IntPages();
    private final LongLongHashMap cellHigh = new LongLongHashMap();
    /**
     * The counters of rows with more than {@link #SHORT_ROW}, by (row, pair): a hot address
     * reached from many PCs on every CPU collects hundreds, and walking its list on each miss of
     * the counter cache grew with the log (4.7 times the cost per entry at 20 M entries of the
     * kernel profile than at 2 M). On exim60-6.1 (1.24 counters a row) the peak heap did not grow with it.
     */
    private LongIntHashMap longRowCells = new LongIntHashMap();

    // (PC, CPU) pairs, numbered in order of first use.
    private LongIntHashMap pcNumber = new LongIntHashMap();
    private LongIntHashMap pairNumber = new LongIntHashMap();
    private long[] pairPc = new long[16];
    private int[] pairCpu = new int[16];
    private int pairs;

    // The counter cache: (row, PC, CPU) → counter, direct-mapped.
    // Per entry, side by side in one array (one miss, where four arrays cost four): the PC, the
    // row << 32 | CPU, and the counter (NONE: empty), then a word of padding (a power-of-two stride).
    private static final int CACHE_STRIDE = 4;
    private long[] cache = new long[CACHE_STRIDE << CELL_CACHE_BITS];

    // Per-CPU register: the row of the CPU's last access, valid for its address and generation.
    private int[] lastRow = new int[0];
    private long[] lastAddress = new long[0];
    private long[] lastGeneration = new long[0];

    AddressRowTable() {
        this(Integer.MAX_VALUE);
    }

    /** A table whose counters carry into their overflow map at {@code countLimit} (tests use small ones). */
    AddressRowTable(int countLimit) {
        this.countLimit = countLimit;
        for (int i = 2; i < cache.length; i += CACHE_STRIDE) {
            cache[i] = NONE;
        }
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
        int cell = cellFor(row, pc, cpu);
        if (cellCount.increment(cell) == countLimit) {
            cellCount.set(cell, 0);
            cellHigh.addToValue(cell, countLimit);
        }
    }

    private int rowFor(long addr, long generation, Labels labels) {
        int slot = addresses.slot(addr); // valid until the next address is added: used at once
        int row = addresses.currentRow(slot, generation);
        if (row != NONE) {
            return row;
        }
        int o = labels.labelAt(addr);
        long id = o == LabelMaps.NO_LABEL ? 0 : labels.labelId(o);
        row = find(slot, id);
        if (row == NONE) {
            row = newRow(addresses.number(slot), objects.objectOf(o, labels));
            link(slot, row);
        }
        addresses.setCurrent(slot, generation, row);
        return row;
    }

    /** The row of object {@code id} at the slot's address, or {@link #NONE}. */
    private int find(int slot, long id) {
        if (id == 0) {
            return addresses.idZero(slot);
        }
        int row = addresses.newest(slot);
        while (row != NONE && objectId(row) > id) { // ids are a non-negative counter
            row = rowOlder.get(row);
        }
        return row != NONE && objectId(row) == id ? row : NONE;
    }

    /** Adds the row of an object not yet at the slot's address, keeping ids descending. */
    private void link(int slot, int row) {
        long id = objectId(row);
        if (id == 0) {
            addresses.setIdZero(slot, row);
            return;
        }
        int newest = addresses.newest(slot);
        if (newest == NONE || objectId(newest) < id) {
            rowOlder.set(row, newest);
            addresses.setNewest(slot, row);
            return;
        }
        int prev = newest;
        while (rowOlder.get(prev) != NONE && objectId(rowOlder.get(prev)) > id) {
            prev = rowOlder.get(prev);
        }
        rowOlder.set(row, rowOlder.get(prev));
        rowOlder.set(prev, row);
    }

    private int cellFor(int row, long pc, int cpu) {
        int h = cacheIndex(row, pc, cpu);
        long rowCpu = (long) row << 32 | (cpu & 0xffffffffL);
        if (cache[h] == pc && cache[h + 1] == rowCpu && cache[h + 2] != NONE) {
            return (int) cache[h + 2];
        }
        int pair = pairOf(pc, cpu);
        int first = rowCells.get(row);
        int c = first;
        int before = NONE;
        int walked = 0;
        while (c != NONE && walked < SHORT_ROW && cellPair.get(c) != pair) {
            before = c;
            c = cellNext.get(c);
            walked++;
        }
        if (c == NONE) { // a short row without the pair
            c = newCell(row, pair);
            if (walked == SHORT_ROW) { // now one longer than short: index all its counters
                for (int d = c; d != NONE; d = cellNext.get(d)) {
                    longRowCells.put(longRowKey(row, cellPair.get(d)), d);
                }
            }
        } else if (cellPair.get(c) == pair) {
            if (before != NONE) { // found past the first: to the front, where the next walk finds it at once
                cellNext.set(before, cellNext.get(c));
                cellNext.set(c, first);
                rowCells.set(row, c);
            }
        } else { // a long row: all its counters are indexed
            long key = longRowKey(row, pair);
            c = longRowCells.getIfAbsent(key, NONE);
            if (c == NONE) {
                c = newCell(row, pair);
                longRowCells.put(key, c);
            }
        }
        cache[h] = pc;
        cache[h + 1] = rowCpu;
        cache[h + 2] = c;
        return c;
    }

    private int newCell(int row, int pair) {
        int c = cellPair.add(pair);
        cellCount.add(0);
        cellNext.add(rowCells.get(row));
        rowCells.set(row, c);
        return c;
    }

    private static long longRowKey(int row, int pair) {
        return (long) row << 32 | (pair & 0xffffffffL);
    }

    private static int cacheIndex(int row, long pc, int cpu) {
        long h = (pc ^ ((long) row << 20) ^ cpu) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - CELL_CACHE_BITS)) * CACHE_STRIDE;
    }

    /** The number of the (PC, CPU) pair, numbered on first use. */
    private int pairOf(long pc, int cpu) {
        int p = pcNumber.getIfAbsent(pc, NONE);
        if (p == NONE) {
            p = pcNumber.size();
            pcNumber.put(pc, p);
        }
        long key = (long) p << 32 | (cpu & 0xffffffffL);
        int pair = pairNumber.getIfAbsent(key, NONE);
        if (pair == NONE) {
            if (pairs == pairPc.length) {
                pairPc = Arrays.copyOf(pairPc, pairs * 2);
                pairCpu = Arrays.copyOf(pairCpu, pairs * 2);
            }
            pairPc[pairs] = pc;
            pairCpu[pairs] = cpu;
            pair = pairs++;
            pairNumber.put(key, pair);
        }
        return pair;
    }

    private long countOf(int cell) {
        return cellCount.get(cell) + cellHigh.get(cell);
    }

    long objectId(int row) {
        return objects.id(rowObject.get(row));
    }

    private int newRow(int address, int object) {
        rowAddress.add(address);
        rowObject.add(object);
        rowOlder.add(NONE);
        return rowCells.add(NONE);
    }

    private void growRegisters(int cpu) {
        int old = lastRow.length;
        int n = Math.max(cpu + 1, old * 2);
        lastRow = Arrays.copyOf(lastRow, n);
        lastAddress = Arrays.copyOf(lastAddress, n);
        lastGeneration = Arrays.copyOf(lastGeneration, n);
        Arrays.fill(lastRow, old, n, NONE);
    }

    /**
     * Ends counting: drops what only finding rows and counters needs (the address index, the
     * per-address rows and each row's older one, the counter cache, the pair numbering), keeping
     * what reading rows needs.
     * {@link #count} must not be called after it.
     */
    void finishCounting() {
        addresses.releaseIndex();
        objects.releaseIndex();
        rowOlder = null;
        pcNumber = null;
        pairNumber = null;
        longRowCells = null;
        cache = null;
    }

    /** The bytes of the columns held (their pages, as allocated). */
    long stateBytes() {
        long b = rowAddress.bytes() + rowObject.bytes() + rowCells.bytes() + addresses.bytes()
                + objects.bytes() + cellPair.bytes() + cellCount.bytes() + cellNext.bytes() + 32L * cellHigh.size()
                + 12L * pairPc.length;
        if (rowOlder != null) {
            b += rowOlder.bytes()
                    + 24L * (pcNumber.size() + pairNumber.size() + longRowCells.size()) + 8L * cache.length;
        }
        return b;
    }

    /** Number of (row, PC, CPU) counters: one per distinct triple. */
    int counters() {
        return cellPair.size();
    }

    /** Number of rows. */
    int size() {
        return rowAddress.size();
    }

    long address(int row) {
        return addresses.address(rowAddress.get(row));
    }

    /** A view of the rows in creation order; it moves one reusable {@link AddressRow}. */
    Iterable<AddressRow> rows() {
        return () -> new java.util.Iterator<>() {
            private final AddressRow view = new AddressRow();
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public AddressRow next() {
                if (next >= size()) {
                    throw new java.util.NoSuchElementException();
                }
                return load(next++, view);
            }
        };
    }

    /**
     * Reads what {@link #load} will read of the first {@code n} rows of {@code rows}, row by row in
     * stages of independent reads, so the CPU has many cache misses in flight at once where
     * {@link #load} waits for each in turn (a row's counters are a list, its object and address
     * behind its columns). Why: the document is written in the original's hash order, which visits
     * the rows at random; loading each cold took a quarter of shared-addresses' time on a real
     * recording (14 M rows).
     */
    void touch(int[] rows, int n) {
        long t = 0;
        for (int i = 0; i < n; i++) { // the rows' columns
            int row = rows[i];
            t += rowCells.get(row) + rowObject.get(row) + rowAddress.get(row);
        }
        for (int i = 0; i < n; i++) { // what they point to: the first counter, the object, the address
            int row = rows[i];
            int c = rowCells.get(row);
            if (c != NONE) {
                t += cellPair.get(c) + cellCount.get(c) + cellNext.get(c);
            }
            t += objects.touch(rowObject.get(row)) + addresses.address(rowAddress.get(row));
        }
        for (int i = 0; i < n; i++) { // the rest of the counters (1.24 a row on a real recording)
            int c = rowCells.get(rows[i]);
            for (c = c == NONE ? NONE : cellNext.get(c); c != NONE; c = cellNext.get(c)) {
                t += cellPair.get(c) + cellCount.get(c);
            }
        }
        touched += t;
    }

    /** What {@link #touch} read, kept so that the reads are not optimised away. */
    private long touched;

    /** Fills {@code view} with row {@code row}: its fields, its PCs' and its CPUs' totals. */
    AddressRow load(int row, AddressRow view) {
        int n = 0;
        int maxCpu = -1;
        for (int c = rowCells.get(row); c != NONE; c = cellNext.get(c)) {
            n++;
            maxCpu = Math.max(maxCpu, pairCpu[cellPair.get(c)]);
        }
        long[] pcs = new long[n];
        long[] counts = new long[n];
        long[] perCpu = new long[maxCpu + 1];
        int i = 0;
        for (int c = rowCells.get(row); c != NONE; c = cellNext.get(c)) {
            int pair = cellPair.get(c);
            long count = countOf(c);
            pcs[i] = pairPc[pair];
            counts[i++] = count;
            perCpu[pairCpu[pair]] += count;
        }
        int o = rowObject.get(row);
        view.set(address(row), objects.id(o), objects.name(o), objects.base(o), objects.labelType(o),
                objects.allocPc(o), pcs, counts, perCpu);
        return view;
    }
}
