package org.mtrace.mscan.report;

import java.util.Arrays;

/**
 * Transfers per CPU over time, time being the entry index, in at most {@link #BUCKETS} buckets from
 * the entry of the first transfer on (a recording's first transfers may come after millions of
 * entries of boot or of the label dump: buckets from entry 0 left most of the plot empty): a
 * bucket holds 1024 entries at first and twice as many each time the log outgrows the buckets
 * (neighbours are merged), so the length of the log need not be known in advance. Entries come in
 * the log's order.
 */
final class Timeline {
    static final int BUCKETS = 200;
    private final long[][] perCpu;
    private long bucketEntries = 1024;
    /** The entry index bucket 0 starts at: that of the first transfer (-1 before it). */
    private long first = -1;

    Timeline(int cpus) {
        perCpu = new long[cpus][BUCKETS];
    }

    void count(int cpu, long entryIndex) {
        if (first < 0) {
            first = entryIndex;
        }
        long b = (entryIndex - first) / bucketEntries;
        while (b >= BUCKETS) {
            halve();
            b = (entryIndex - first) / bucketEntries;
        }
        perCpu[cpu][(int) b]++;
    }

    private void halve() {
        for (long[] row : perCpu) {
            for (int i = 0; i < BUCKETS / 2; i++) {
                row[i] = row[2 * i] + row[2 * i + 1];
            }
            Arrays.fill(row, BUCKETS / 2, BUCKETS, 0);
        }
        bucketEntries *= 2;
    }

    long bucketEntries() {
        return bucketEntries;
    }

    /** The entry index the first bucket starts at (that of the first transfer; 0 without any). */
    long firstEntry() {
        return Math.max(first, 0);
    }

    /** Transfers of {@code cpu} per bucket, up to the last bucket with any transfer of any CPU. */
    long[] of(int cpu, int buckets) {
        return Arrays.copyOf(perCpu[cpu], buckets);
    }

    /** Buckets up to the last non-empty one. */
    int usedBuckets() {
        int n = 0;
        for (long[] row : perCpu) {
            for (int i = BUCKETS - 1; i >= n; i--) {
                if (row[i] != 0) {
                    n = i + 1;
                    break;
                }
            }
        }
        return n;
    }
}
