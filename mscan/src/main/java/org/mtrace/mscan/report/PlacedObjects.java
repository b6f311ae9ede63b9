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
 * finds the object holding an address: the outermost of the objects placed around it whose type
 * holds the inner ones where they lie.
 */
final class PlacedObjects {
    /** How many objects starting at or below an address {@link #objectAt} tries (nested ones end early). */
    private static final int NESTED = 8;

    private final Attribution attribution;
    /** Per first object (0: unlabelled), per object start: the proposals. */
    private final IntObjectHashMap<LongObjectHashMap<StartVotes>> objects = new IntObjectHashMap<>();
    /** {@link Attribution#beginsWith} per (outer, inner) pair, asked when two proposals for one start differ. */
    private final Map<String, Boolean> begins = new HashMap<>();
    /** {@link Attribution#holdsAt} per (outer, offset, inner), asked when an object lies inside another ({@link #enclosing}). */
    private final Map<String, Boolean> holds = new HashMap<>();
    /** Per first object, once asked: the starts whose proposals agreed, sorted ({@link #objectAt}). */
    private final IntObjectHashMap<Placed> placed = new IntObjectHashMap<>();

    PlacedObjects(Attribution attribution) {
        this.attribution = attribution;
    }

    /** An object whose accesses agree on its type: where it starts, and the votes. */
    record Found(long start, AccessVotes votes) {
    }

    /**
     * The starts of one first object's agreed objects, sorted, with their votes, and per start, once
     * asked, the start of the object that holds it ({@link #enclosing}; its own if none).
     */
    private record Placed(long[] starts, AccessVotes[] votes, int[] enclosing) {
    }

    /** {@link Placed#enclosing} not yet asked. */
    private static final int UNASKED = -1;

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

    private boolean holds(String outer, long offset, String inner) {
        return holds.computeIfAbsent(outer + '\0' + offset + '\0' + inner, k -> attribution.holdsAt(outer, offset, inner));
    }

    /**
     * The outermost of the objects starting up to {@value #NESTED} starts below start {@code j} whose
     * type holds start {@code j}'s object where it lies (an {@code atomic_t} that an atomic helper's
     * instruction places at an {@code skb_shared_info}'s {@code dataref}): the object a developer
     * knows, described down to the field, rather than the inner one on its own; {@code j} if none.
     */
    private int enclosing(Placed p, int j) {
        if (p.enclosing()[j] == UNASKED) {
            int outer = j;
            AccessedType inner = p.votes()[j].agreed();
            for (int k = j - 1; k >= 0 && k > j - NESTED; k--) {
                AccessedType t = p.votes()[k].agreed();
                long at = p.starts()[j] - p.starts()[k];
                if (at + inner.size() <= t.size() && holds(t.type(), at, inner.type())) {
                    outer = k;
                }
            }
            p.enclosing()[j] = outer;
        }
        return p.enclosing()[j];
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
            int[] enclosing = new int[agreed.length];
            java.util.Arrays.fill(enclosing, UNASKED);
            p = new Placed(agreed, votes, enclosing);
            placed.put(object, p);
        }
        int i = java.util.Arrays.binarySearch(p.starts(), address);
        i = i >= 0 ? i : -i - 2; // the last start at or below the address
        for (int j = i; j >= 0 && j > i - NESTED; j--) {
            if (address - p.starts()[j] < p.votes()[j].agreed().size()) {
                int k = enclosing(p, j);
                return new Found(p.starts()[k], p.votes()[k]);
            }
        }
        return null;
    }
}
