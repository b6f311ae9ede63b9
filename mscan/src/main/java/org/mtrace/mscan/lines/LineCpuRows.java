package org.mtrace.mscan.lines;

import org.mtrace.mscan.engine.AnalysisException;

/**
 * The report's per-line figures after the pass, by line id: per CPU of the line its transfers by
 * loads and stores and its byte masks, summed over the line table's entries that counted the
 * line ({@link LineTransfers}), and per line the totals and the CPUs that caused transfers.
 *
 * <p>Why rows and not the table itself: a guest line may be counted in several entries, and the
 * table (the model's masks of lines, empty slots, entries of lines the filters left uncounted) is
 * two to four times larger; rows need no probe and let the table go after the pass. A line's row
 * is a block of {@code cpus × 4} words (loads, stores, load mask, store mask of CPU 0, then CPU 1,
 * ...), so the walk over the table writes one block per entry; the per-line totals are summed in
 * a sequential pass over the blocks.
 */
final class LineCpuRows {
    private static final int WORDS = 4;
    private static final int STORES = 1;
    private static final int LOAD_MASK = 2;
    private static final int STORE_MASK = 3;

    private final int cpus;
    private final long[] rows;
    private final long[] readers;
    private final long[] writers;
    private final long[] reads;
    private final long[] writes;

    /** The rows of the {@code lines} lines counted in {@code table} (an entry's field: its line id + 1, 0 for none). */
    LineCpuRows(LineCpuTable table, int lines) {
        cpus = table.cpuCapacity();
        if ((long) lines * cpus * WORDS > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many cache lines for the report's per-CPU rows");
        }
        long[] r = new long[lines * cpus * WORDS];
        table.forEachEntry(p -> {
            int line = table.field(p) - 1;
            if (line < 0) {
                return;
            }
            for (int c = 0, at = line * cpus * WORDS; c < cpus; c++, at += WORDS) {
                r[at] += table.count(p, c, false);
                r[at + STORES] += table.count(p, c, true);
                r[at + LOAD_MASK] |= table.mask(p, c, false);
                r[at + STORE_MASK] |= table.mask(p, c, true);
            }
        });
        rows = r;
        readers = new long[lines];
        writers = new long[lines];
        reads = new long[lines];
        writes = new long[lines];
        for (int line = 0, at = 0; line < lines; line++) {
            for (int c = 0; c < cpus; c++, at += WORDS) {
                readers[line] |= r[at] != 0 ? 1L << c : 0;
                writers[line] |= r[at + STORES] != 0 ? 1L << c : 0;
                reads[line] += r[at];
                writes[line] += r[at + STORES];
            }
        }
    }

    long readers(int line) {
        return readers[line];
    }

    long writers(int line) {
        return writers[line];
    }

    long reads(int line) {
        return reads[line];
    }

    long writes(int line) {
        return writes[line];
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

    private long word(int line, int cpu, int i) {
        return cpu >= cpus ? 0 : rows[(line * cpus + cpu) * WORDS + i];
    }

    long stateBytes() {
        return 8L * (rows.length + 4L * reads.length);
    }
}
