package org.mtrace.analyses.allsharing;

import java.util.Arrays;
import java.util.function.LongPredicate;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelObject;
import org.mtrace.mscan.util.Unsigned;

/**
 * Per address, the access record that the original's union of per-CPU record sets would print:
 * the one of the lowest rank ({@code cpu * 2 + kind}, loads before stores), and of those the
 * first. Stored column-wise in primitive arrays indexed by a slot number; the labelled object is
 * looked up only when a record is (re)placed.
 */
final class AddressRecords {
    private final LongIntHashMap slotOf = new LongIntHashMap();
    private int[] rank = new int[1024];
    private long[] pc = new long[1024];
    private byte[] size = new byte[1024];
    private boolean[] write = new boolean[1024];
    private LabelObject[] object = new LabelObject[1024];

    /** Keeps the access as the address's record if its rank is lower than the kept one's. */
    void offer(long addr, int accessRank, AccessView a, TraceState state) {
        int slot = slotOf.getIfAbsent(addr, -1);
        if (slot < 0) {
            slot = slotOf.size();
            slotOf.put(addr, slot);
            grow(slot);
        } else if (accessRank >= rank[slot]) {
            return;
        }
        rank[slot] = accessRank;
        pc[slot] = a.pc();
        size[slot] = (byte) a.bytes();
        write[slot] = a.accessType() != AccessType.LD.code();
        object[slot] = state.labels().objectAt(addr);
    }

    private void grow(int slot) {
        if (slot < rank.length) {
            return;
        }
        int n = rank.length * 2;
        rank = Arrays.copyOf(rank, n);
        pc = Arrays.copyOf(pc, n);
        size = Arrays.copyOf(size, n);
        write = Arrays.copyOf(write, n);
        object = Arrays.copyOf(object, n);
    }

    /** Addresses accepted by {@code filter}, ascending (unsigned). */
    long[] addresses(LongPredicate filter) {
        long[] all = slotOf.keySet().select(filter::test).toArray();
        Unsigned.sort(all);
        return all;
    }

    /** The record kept for {@code addr} (which must have one), without a stack. */
    PhysicalAccess record(long addr) {
        int s = slotOf.get(addr);
        LabelObject o = object[s];
        return new PhysicalAccess(o == null ? "" : o.name(), o == null ? 0 : o.start(), addr, pc[s],
                size[s] & 0xff, write[s], null);
    }
}
