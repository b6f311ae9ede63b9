package org.mtrace.analyses.allsharing;

import java.util.Arrays;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelObject;

/**
 * Per address, the access record that the original's union of per-CPU record sets would print:
 * the one of the lowest rank ({@code cpu * 2 + kind}, loads before stores), and of those the
 * first. Stored column-wise in primitive arrays indexed by a slot number; the slots of one cache
 * line form a short chain (a line holds at most 64 addresses), so finding an address costs no
 * hash lookup once its line is known. The labelled object is looked up only when a record is
 * (re)placed and the label maps changed since the address's last lookup.
 */
final class AddressRecords {
    private static final int NONE = -1;

    private int[] next = new int[1024];
    private long[] address = new long[1024];
    private int[] rank = new int[1024];
    private long[] pc = new long[1024];
    private byte[] size = new byte[1024];
    private boolean[] write = new boolean[1024];
    private LabelObject[] object = new LabelObject[1024];
    /** Label-map generation {@link #object} was looked up in: unchanged maps need no new lookup. */
    private long[] objectGeneration = new long[1024];
    private int used;

    /** Bytes held by the record arrays: 4 + 8 + 4 + 8 + 1 + 1 + 4 (a reference) + 8 per slot. */
    long bytes() {
        return 38L * next.length;
    }

    /**
     * Keeps the access as the address's record if its rank is lower than the kept one's.
     *
     * @param head first slot of the line's chain (-1: empty)
     * @return the chain's (possibly new) first slot
     */
    int offer(int head, long addr, int accessRank, AccessView a, TraceState state) {
        int slot = head;
        while (slot != NONE && address[slot] != addr) {
            slot = next[slot];
        }
        if (slot == NONE) {
            slot = newSlot();
            address[slot] = addr;
            objectGeneration[slot] = -1;
            next[slot] = head;
            head = slot;
        } else if (accessRank >= rank[slot]) {
            return head;
        }
        rank[slot] = accessRank;
        pc[slot] = a.pc();
        size[slot] = (byte) a.bytes();
        write[slot] = a.accessType() != AccessType.LD.code();
        long generation = state.labels().generation();
        if (objectGeneration[slot] != generation) {
            object[slot] = state.labels().objectAt(addr);
            objectGeneration[slot] = generation;
        }
        return head;
    }

    private int newSlot() {
        if (used == address.length) {
            int n = used * 2;
            next = Arrays.copyOf(next, n);
            address = Arrays.copyOf(address, n);
            rank = Arrays.copyOf(rank, n);
            pc = Arrays.copyOf(pc, n);
            size = Arrays.copyOf(size, n);
            write = Arrays.copyOf(write, n);
            object = Arrays.copyOf(object, n);
            objectGeneration = Arrays.copyOf(objectGeneration, n);
        }
        return used++;
    }

    /** The records of the chain starting at {@code head}, ascending by address, without stacks. */
    PhysicalAccess[] records(int head) {
        int n = 0;
        for (int s = head; s != NONE; s = next[s]) {
            n++;
        }
        PhysicalAccess[] out = new PhysicalAccess[n];
        int i = 0;
        for (int s = head; s != NONE; s = next[s]) {
            LabelObject o = object[s];
            out[i++] = new PhysicalAccess(o == null ? "" : o.name(), o == null ? 0 : o.start(), address[s], pc[s],
                    size[s] & 0xff, write[s], null);
        }
        Arrays.sort(out);
        return out;
    }
}
