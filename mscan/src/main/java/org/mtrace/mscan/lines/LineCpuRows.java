package org.mtrace.mscan.lines;

import org.mtrace.mscan.engine.AnalysisException;

/**
 * The report's per-line figures after the pass, by line id: per CPU that caused transfers on the
 * line its transfers by loads and stores and its byte masks, summed over the line table's entries
 * that counted the line ({@link LineTransfers}).
 *
 * <p>Why rows and not the table itself: a guest line may be counted in several entries, and the
 * table (the model's masks of lines, empty slots, entries of lines the filters left uncounted, a
 * counter and two masks for every CPU of every entry) is several times larger; rows need no probe
 * and let the table go after the pass. The rows of a line's CPUs are adjacent, in CPU order (row
 * {@code start[line] + bitCount(cpus below)}), each four longs (loads, stores, load mask, store
 * mask): 32 bytes per (line, CPU) pair and 12 per line, in pages of 256 KB (a single array of
 * about 100 MB, allocated at the end of the pass when the heap is fullest, had to be one
 * contiguous block). The per-line totals are sums over a line's few rows, computed when asked.
 */
final class LineCpuRows {
    private static final int WORDS = 4;
    private static final int STORES = 1;
    private static final int LOAD_MASK = 2;
    private static final int STORE_MASK = 3;
    private static final int PAGE_ROWS_BITS = 13;
    private static final int PAGE_ROWS = 1 << PAGE_ROWS_BITS;

    /** Per line: the CPUs with transfers there (bit c: CPU c). */
    private final long[] cpus;
    /** Per line: its first row; the rows of line i run up to {@code start[i + 1]}. */
    private final int[] start;
    private final long[][] pages;

    /**
     * The rows of the {@code lines} lines counted in {@code table} (an entry's field: its line id
     * + 1, 0 for none); if {@code drain}, the table's arrays go as they are read (it is unusable
     * afterwards), so that the rows replace the table rather than add to it.
     */
    LineCpuRows(LineCpuTable table, int lines, boolean drain) {
        long[] seen = new long[lines];
        table.forEachCpu((field, cpu, loads, stores, loadMask, storeMask) -> {
            int line = field - 1;
            if (line >= 0) {
                seen[line] |= 1L << cpu;
            }
        });
        cpus = seen;
        start = new int[lines + 1];
        long n = 0;
        for (int i = 0; i < lines; i++) {
            start[i] = (int) n;
            n += Long.bitCount(seen[i]);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many (cache line, CPU) pairs for the report's rows");
        }
        start[lines] = (int) n;
        long[][] r = new long[(int) ((n + PAGE_ROWS - 1) >>> PAGE_ROWS_BITS)][];
        for (int i = 0; i < r.length; i++) {
            r[i] = new long[WORDS * (int) Math.min(PAGE_ROWS, n - ((long) i << PAGE_ROWS_BITS))];
        }
        pages = r;
        LineCpuTable.CpuVisitor sum = (field, cpu, loads, stores, loadMask, storeMask) -> {
            int line = field - 1;
            if (line >= 0) {
                int row = row(line, cpu);
                long[] page = r[row >>> PAGE_ROWS_BITS];
                int at = (row & (PAGE_ROWS - 1)) * WORDS;
                page[at] += loads;
                page[at + STORES] += stores;
                page[at + LOAD_MASK] |= loadMask;
                page[at + STORE_MASK] |= storeMask;
            }
        };
        if (drain) {
            table.drainCpus(sum);
        } else {
            table.forEachCpu(sum);
        }
    }

    /** The row of {@code cpu} on {@code line}, or -1 if the CPU caused no transfer there. */
    private int row(int line, int cpu) {
        long bit = 1L << cpu;
        return cpu >= 64 || (cpus[line] & bit) == 0 ? -1 : start[line] + Long.bitCount(cpus[line] & (bit - 1));
    }

    /** Bit c: CPU c caused a transfer by a load ({@code store} false) or by a store. */
    long cpusThat(int line, boolean store) {
        long out = 0;
        int row = start[line];
        for (long m = cpus[line]; m != 0; m &= m - 1, row++) {
            out |= get(row, store ? STORES : 0) != 0 ? Long.lowestOneBit(m) : 0;
        }
        return out;
    }

    /** Transfers of the line by loads ({@code store} false) or by stores. */
    long total(int line, boolean store) {
        long sum = 0;
        for (int row = start[line]; row < start[line + 1]; row++) {
            sum += get(row, store ? STORES : 0);
        }
        return sum;
    }

    /** Word {@code i} of the row of ({@code line}, {@code cpu}), 0 if the CPU caused no transfer there. */
    private long word(int line, int cpu, int i) {
        int row = row(line, cpu);
        return row < 0 ? 0 : get(row, i);
    }

    private long get(int row, int i) {
        return pages[row >>> PAGE_ROWS_BITS][(row & (PAGE_ROWS - 1)) * WORDS + i];
    }

    long cpuReads(int line, int cpu) {
        return word(line, cpu, 0);
    }

    long cpuWrites(int line, int cpu) {
        return word(line, cpu, STORES);
    }

    long readMask(int line, int cpu) {
        return word(line, cpu, LOAD_MASK);
    }

    long writeMask(int line, int cpu) {
        return word(line, cpu, STORE_MASK);
    }

    long stateBytes() {
        return 32L * start[start.length - 1] + 8L * cpus.length + 4L * start.length;
    }
}
