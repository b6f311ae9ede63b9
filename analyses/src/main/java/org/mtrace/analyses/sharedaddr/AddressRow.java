package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * One (address, object) row of shared-addresses: the object's name and start, a counter per PC
 * (the first PC inline, further ones in a map created on demand) and a counter per CPU.
 */
final class AddressRow {
    final long address;
    final long objectId;
    final String name;
    final long base;
    /** Label-map generation for which this row is known to be the address's current row. */
    long generation = -1;
    /** Next row of the same address (another object that was there at another time). */
    AddressRow sameAddress;

    private long firstPc;
    private long firstPcCount;
    private LongLongHashMap otherPcs;
    private long[] perCpu = new long[0];

    AddressRow(long address, long objectId, String name, long base) {
        this.address = address;
        this.objectId = objectId;
        this.name = name;
        this.base = base;
    }

    void count(long pc, int cpu) {
        if (firstPcCount == 0 || firstPc == pc) {
            firstPc = pc;
            firstPcCount++;
        } else {
            if (otherPcs == null) {
                otherPcs = new LongLongHashMap();
            }
            otherPcs.addToValue(pc, 1);
        }
        if (cpu >= perCpu.length) {
            perCpu = Arrays.copyOf(perCpu, cpu + 1);
        }
        perCpu[cpu]++;
    }

    /** Counts per PC as a map (a copy). */
    LongLongHashMap perPc() {
        LongLongHashMap m = otherPcs == null ? new LongLongHashMap() : new LongLongHashMap(otherPcs);
        if (firstPcCount != 0) {
            m.put(firstPc, firstPcCount);
        }
        return m;
    }

    long[] perCpu() {
        return perCpu;
    }
}
