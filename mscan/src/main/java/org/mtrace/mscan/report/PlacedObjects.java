package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;
import org.mtrace.mscan.kernel.AccessVotes;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelLayout;

/**
 * Objects in memory no label types (unlabelled kernel memory, a per-CPU allocation, a slab page's
 * objects from before the recording, a struct on a kernel stack), placed by the instructions that
 * access them: an instruction whose base register holds a typed pointer says the object's type and
 * how far into it the access is ({@link Attribution#accessedObject}), so where it starts. The keys
 * vote per (first object, start) while {@link KeyVotes} walks them; afterwards {@link #objectAt}
 * finds the object holding an address.
 */
final class PlacedObjects {
    /** How many objects starting at or below an address {@link #objectAt} tries (nested ones end early). */
    private static final int NESTED = 8;

    private final Attribution attribution;
    /** Per first object (0: unlabelled), per object start: the proposals. */
    private final IntObjectHashMap<LongObjectHashMap<StartVotes>> objects = new IntObjectHashMap<>();
    /** {@link Attribution#beginsWith} per (outer, inner) pair, asked when two proposals for one start differ. */
    private final Map<String, Boolean> begins = new HashMap<>();
    /** Per first object, once asked: the starts whose proposals agreed, sorted ({@link #objectAt}). */
    private final IntObjectHashMap<Placed> placed = new IntObjectHashMap<>();

    PlacedObjects(Attribution attribution) {
        this.attribution = attribution;
    }

    /** An object whose accesses agree on its type: where it starts, and the votes. */
    record Found(long start, AccessVotes votes) {
    }

    /** The starts of one first object's agreed objects, sorted, with their votes. */
    private record Placed(long[] starts, AccessVotes[] votes) {
    }

    /**
     * The access at {@code pc} to {@code address} in {@code object} (0: unlabelled), which its
     * instruction says is {@code access} (null: says nothing), votes for that type at the start it
     * implies. Kernel memory only: a user address holds no kernel struct.
     */
    void vote(int object, long address, ObjectAccess access, long pc) {
        if (access == null || KernelLayout.isUser(address)) {
            return;
        }
        LongObjectHashMap<StartVotes> starts = objects.getIfAbsentPut(object, LongObjectHashMap::new);
        long start = address - access.offset();
        StartVotes v = starts.get(start);
        if (v == null) {
            v = new StartVotes();
            starts.put(start, v);
        }
        v.add(access.type(), pc);
    }

    /**
     * The proposals for one object start. Unlike a heap object's ({@link AccessVotes}), two types may
     * agree when one begins with the other: a {@code call_single_data}'s first member is the
     * {@code llist_node} that {@code llist_reverse_order} walks, so both name the same start; the
     * outer type describes both. Other differing types leave the start untyped.
     */
    private final class StartVotes {
        AccessedType agreed;
        long pc;
        boolean conflict;

        void add(AccessedType t, long at) {
            if (conflict) {
                return;
            }
            if (agreed == null || !agreed.type().equals(t.type()) && begins(t.type(), agreed.type())) {
                agreed = t; // the first, or an outer type of the one proposed so far
                pc = at;
            } else if (!agreed.type().equals(t.type()) && !begins(agreed.type(), t.type())) {
                conflict = true;
                agreed = null;
            }
        }
    }

    private boolean begins(String outer, String inner) {
        return begins.computeIfAbsent(outer + '\0' + inner, k -> attribution.beginsWith(outer, inner));
    }

    /**
     * The object holding {@code address} in {@code object} (0: unlabelled) whose accesses agreed on
     * its type: the nearest start at or below the address whose type reaches it, or null.
     */
    Found objectAt(int object, long address) {
        Placed p = placed.get(object);
        if (p == null) {
            LongObjectHashMap<StartVotes> starts = objects.get(object);
            if (starts == null) {
                return null;
            }
            long[] agreed = starts.keySet().select(st -> starts.get(st).agreed != null).toSortedArray();
            AccessVotes[] votes = new AccessVotes[agreed.length];
            for (int i = 0; i < agreed.length; i++) {
                StartVotes v = starts.get(agreed[i]);
                votes[i] = new AccessVotes();
                votes[i].add(v.agreed, v.pc);
            }
            p = new Placed(agreed, votes);
            placed.put(object, p);
        }
        int i = java.util.Arrays.binarySearch(p.starts(), address);
        i = i >= 0 ? i : -i - 2; // the last start at or below the address
        for (int j = i; j >= 0 && j > i - NESTED; j--) {
            if (address - p.starts()[j] < p.votes()[j].agreed().size()) {
                return new Found(p.starts()[j], p.votes()[j]);
            }
        }
        return null;
    }
}
