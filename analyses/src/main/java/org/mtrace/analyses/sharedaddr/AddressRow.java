package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;

/**
 * A view of one (address, object) row of shared-addresses ({@link AddressRowTable}): the object's
 * name and start, the count per PC (over all CPUs) and per CPU. Views are reused: a view is
 * valid until its table loads the next row into it.
 */
final class AddressRow {
    long address;
    long objectId;
    String name;
    long base;
    /** The object's label type ({@link org.mtrace.mscan.labels.LabelMaps#HEAP} ...), 0 if none. */
    int labelType;
    /** The object's allocation PC (0 if none or unknown), for the coverage figure's detail. */
    long allocPc;

    /** Distinct PCs, ascending unsigned, and their counts. */
    private long[] pcs = new long[0];
    private long[] pcCounts = new long[0];
    /** Per CPU up to the highest CPU that touched the row (the original's row length). */
    private long[] perCpu = new long[0];

    /** Loads a row; {@code pcs}/{@code counts} are its (PC, CPU) counters, in any order, taken over. */
    void set(long address, long objectId, String name, long base, int labelType, long allocPc,
            long[] pcs, long[] counts, long[] perCpu) {
        this.address = address;
        this.objectId = objectId;
        this.name = name;
        this.base = base;
        this.labelType = labelType;
        this.allocPc = allocPc;
        this.perCpu = perCpu;
        mergeByPc(pcs, counts);
    }

    /** Sorts the counters by PC (unsigned) and sums the counters of one PC on several CPUs. */
    private void mergeByPc(long[] pcs, long[] counts) {
        sortByPc(pcs, counts);
        int m = 0;
        for (int i = 0; i < pcs.length; i++) {
            if (m > 0 && pcs[m - 1] == pcs[i]) {
                counts[m - 1] += counts[i];
            } else {
                pcs[m] = pcs[i];
                counts[m++] = counts[i];
            }
        }
        this.pcs = m == pcs.length ? pcs : Arrays.copyOf(pcs, m);
        this.pcCounts = m == counts.length ? counts : Arrays.copyOf(counts, m);
    }

    /** Sorts the parallel arrays by PC, unsigned: insertion sort, a row has a handful of counters. */
    private static void sortByPc(long[] pcs, long[] counts) {
        if (pcs.length > 32) {
            sortLarge(pcs, counts);
            return;
        }
        for (int i = 1; i < pcs.length; i++) {
            long pc = pcs[i];
            long count = counts[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(pcs[j], pc) > 0) {
                pcs[j + 1] = pcs[j];
                counts[j + 1] = counts[j];
                j--;
            }
            pcs[j + 1] = pc;
            counts[j + 1] = count;
        }
    }

    private static void sortLarge(long[] pcs, long[] counts) {
        Integer[] order = new Integer[pcs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(pcs[a], pcs[b]));
        long[] p = pcs.clone();
        long[] c = counts.clone();
        for (int k = 0; k < order.length; k++) {
            pcs[k] = p[order[k]];
            counts[k] = c[order[k]];
        }
    }

    /** PCs seen, ascending (unsigned). */
    long[] sortedPcs() {
        return pcs;
    }

    /** The count of {@code pc} over all CPUs (0 if the row never saw it). */
    long countOf(long pc) {
        int lo = 0;
        int hi = pcs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(pcs[mid], pc);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return pcCounts[mid];
            }
        }
        return 0;
    }

    /** Count per CPU, indexed by CPU, up to the highest CPU that touched the row. */
    long[] perCpu() {
        return perCpu;
    }
}
