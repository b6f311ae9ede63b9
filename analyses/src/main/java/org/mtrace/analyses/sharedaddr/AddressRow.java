package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.mscan.util.Unsigned;

/**
 * One (address, object) row of shared-addresses: the object's name and start, a counter per PC
 * and a counter per CPU. An address is usually touched by a handful of instructions, so PCs are
 * kept in small parallel arrays searched linearly; an index map is built only past
 * {@value #LINEAR_LIMIT} PCs.
 */
final class AddressRow {
    private static final int LINEAR_LIMIT = 8;

    final long address;
    final long objectId;
    final String name;
    final long base;
    /** The object's label type ({@link org.mtrace.mscan.labels.LabelMaps#HEAP} ...), 0 if none. */
    final int labelType;
    /** The object's allocation PC (0 if none or unknown), for the coverage figure's detail. */
    final long allocPc;
    /** Label-map generation for which this row is known to be the address's current row. */
    long generation = -1;
    /** Next row of the same address: the next older object that was there ({@link AddressRows}). */
    AddressRow sameAddress;

    private long[] pcs = new long[1];
    private long[] pcCounts = new long[1];
    private int nPcs;
    private LongIntHashMap pcIndex;
    private long[] perCpu = new long[0];

    AddressRow(long address, long objectId, String name, long base, int labelType, long allocPc) {
        this.address = address;
        this.objectId = objectId;
        this.name = name;
        this.base = base;
        this.labelType = labelType;
        this.allocPc = allocPc;
    }

    void count(long pc, int cpu) {
        int i = indexOf(pc); // before indexing: indexOf may replace the array
        pcCounts[i]++;
        if (cpu >= perCpu.length) {
            perCpu = Arrays.copyOf(perCpu, cpu + 1);
        }
        perCpu[cpu]++;
    }

    private int indexOf(long pc) {
        if (pcIndex != null) {
            int i = pcIndex.getIfAbsent(pc, -1);
            return i >= 0 ? i : add(pc);
        }
        for (int i = 0; i < nPcs; i++) {
            if (pcs[i] == pc) {
                return i;
            }
        }
        return add(pc);
    }

    private int add(long pc) {
        if (nPcs == pcs.length) {
            pcs = Arrays.copyOf(pcs, nPcs * 2);
            pcCounts = Arrays.copyOf(pcCounts, nPcs * 2);
        }
        pcs[nPcs] = pc;
        if (pcIndex != null) {
            pcIndex.put(pc, nPcs);
        } else if (nPcs + 1 > LINEAR_LIMIT) {
            pcIndex = new LongIntHashMap();
            for (int i = 0; i <= nPcs; i++) {
                pcIndex.put(pcs[i], i);
            }
        }
        return nPcs++;
    }

    /** PCs seen, ascending (unsigned). */
    long[] sortedPcs() {
        long[] s = Arrays.copyOf(pcs, nPcs);
        Unsigned.sort(s);
        return s;
    }

    long countOf(long pc) {
        return pcCounts[indexOf(pc)];
    }

    long[] perCpu() {
        return perCpu;
    }
}
