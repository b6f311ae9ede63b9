package org.mtrace.analyses.testcases;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.calls.StackSnapshot;

/**
 * One CPU's accesses in one test case (MSCAN.md §8.10): non-overlapping records keyed by start
 * address, where a new record splits the ones it overlaps (a write wins the overlap over a read)
 * and mergeable neighbours are joined.
 *
 * <p>Difference: merged sizes are not truncated to 8 bits (the original wrapped ranges longer
 * than 255 bytes).
 *
 * <p>The records live in primitive columns ({@link RangeColumns}); a record is passed around as
 * its fields (start, size, PC, base, tag), where the tag is an {@link AccessOrigins} id (type name
 * and stack) shifted left by one, with the write bit below. Inserting allocates nothing but the
 * columns' growth; {@link #record} builds a {@link PhysicalAccess} for the output.
 */
final class AccessSet implements PhysicalAccess.Fields<Void> {
    private final AccessOrigins origins;
    private final RangeColumns columns = new RangeColumns();

    AccessSet(AccessOrigins origins) {
        this.origins = origins;
    }

    /**
     * Would {@link #insert} of an access with these properties change nothing? True when a record
     * P contains the access's bytes and P's kind wins the overlap (P writes, or the access reads):
     * the split then yields only pieces of P, which merge back into P exactly, because the set
     * never holds two touching mergeable records. (The original's step 3, identical records, is
     * the special case P = access.) P can only be the record with the greatest start at or below
     * the access's address.
     */
    boolean absorbs(long address, int size, boolean isWrite) {
        long p = columns.floor(address);
        if (p == RangeColumns.NONE || !isWrite(columns.tag(p)) && isWrite) {
            return false;
        }
        long offset = address - columns.start(p);
        int pSize = columns.size(p);
        return Long.compareUnsigned(offset, pSize) < 0 && Long.compareUnsigned(offset + size, pSize) <= 0;
    }

    /**
     * Inserts an access of the object type {@code typeName} (or "") at {@code base}, with its stack:
     * the fields of its record ({@link PhysicalAccess#read}), kept without building it.
     */
    @Override
    public Void accept(String typeName, long base, long address, long pc, int size, boolean isWrite,
            StackSnapshot stack) {
        insert(address, size, pc, base, origins.id(typeName, stack) << 1 | (isWrite ? 1 : 0));
        return null;
    }

    void insert(PhysicalAccess rec) {
        accept(rec.typeName(), rec.base(), rec.address(), rec.pc(), rec.size(), rec.isWrite(), rec.stack());
    }

    /**
     * MSCAN.md §8.10's insertion, steps 1-4, with one shortcut. When the predecessor P overlaps
     * the record and wins the overlap (P writes, or the record reads), the spec removes P and
     * inserts the record's part before P, P's parts before, after and inside the record, and the
     * record's part after P; P's parts all merge back into P (the set never holds two touching
     * mergeable records, and a merge keeps the left record's stack), and whatever the record's
     * outer parts merge with at P's edges they would merge with P alike. So P stays and only the
     * record's parts outside P are inserted (step 3, an identical record, is the case where both
     * are empty). Splits whose overlap the record wins follow the spec literally.
     */
    private void insert(long address, int size, long pc, long base, int tag) {
        if (size == 0) {
            return;
        }
        long end = address + size;
        long p = columns.lower(end);
        if (p == RangeColumns.NONE || Long.compareUnsigned(columns.end(p), address) <= 0) {
            insertBetween(p, address, size, pc, base, tag);
            return;
        }
        long pStart = columns.start(p);
        long pEnd = columns.end(p);
        int pTag = columns.tag(p);
        if (isWrite(pTag) || !isWrite(tag)) { // P wins the overlap: P stays (see above)
            insert(address, sizeOf(address, pStart), pc, base, tag);
            insert(pEnd, sizeOf(pEnd, end), pc, base, tag);
            return;
        }
        long pPc = columns.pc(p);
        long pBase = columns.base(p);
        columns.remove(p);
        insert(address, sizeOf(address, pStart), pc, base, tag);
        insert(pStart, sizeOf(pStart, address), pPc, pBase, pTag);
        insert(end, sizeOf(end, pEnd), pPc, pBase, pTag);
        insert(pEnd, sizeOf(pEnd, end), pc, base, tag);
        long from = maxUnsigned(address, pStart);
        int overlap = sizeOf(from, minUnsigned(end, pEnd));
        if (isWrite(tag) && !isWrite(pTag)) {
            insert(from, overlap, pc, base, tag);
        } else {
            insert(from, overlap, pPc, pBase, pTag);
        }
    }

    /**
     * Step 2: inserts the record right after {@code p} (its predecessor, which does not overlap
     * it), then merges the following record into it and it into {@code p}. Both neighbours are
     * adjacent in the columns: no lookups.
     */
    private void insertBetween(long p, long address, int size, long pc, long base, int tag) {
        long r = columns.insertAfter(p, address, size, pc, base, tag);
        long end = address + size;
        long f = columns.next(r);
        if (f != RangeColumns.NONE && columns.start(f) == end && mergeable(r, f)) {
            size = sizeOf(address, maxUnsigned(end, columns.end(f)));
            columns.setSize(r, size);
            columns.remove(f); // after r: r keeps its position
            end = address + size;
        }
        long q = columns.previous(r);
        if (q != RangeColumns.NONE && columns.end(q) == address && mergeable(q, r)) {
            long qStart = columns.start(q);
            columns.setSize(q, sizeOf(qStart, maxUnsigned(columns.end(q), end)));
            columns.remove(r);
        }
    }

    /** Same object, PC and kind (stacks are ignored); the caller has checked that they touch. */
    private boolean mergeable(long a, long b) {
        int ta = columns.tag(a);
        int tb = columns.tag(b);
        return isWrite(ta) == isWrite(tb) && columns.pc(a) == columns.pc(b) && columns.base(a) == columns.base(b)
                && origins.sameTypeName(ta >>> 1, tb >>> 1);
    }

    /** The record at a position of {@link #columns()}. */
    PhysicalAccess record(long pos) {
        int tag = columns.tag(pos);
        return new PhysicalAccess(origins.typeName(tag >>> 1), columns.base(pos), columns.start(pos), columns.pc(pos),
                columns.size(pos), isWrite(tag), origins.stack(tag >>> 1));
    }

    /** The records, for reading only (positions in ascending address order). */
    RangeColumns columns() {
        return columns;
    }

    /** Is the record at a position of {@link #columns()} a write? */
    static boolean isWrite(int tag) {
        return (tag & 1) != 0;
    }

    /** Records in ascending address order (a copy, for tests and messages). */
    List<PhysicalAccess> records() {
        List<PhysicalAccess> out = new ArrayList<>(columns.size());
        for (long p = columns.first(); p != RangeColumns.NONE; p = columns.next(p)) {
            out.add(record(p));
        }
        return out;
    }

    boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The size of [from, to): 0 if empty (unsigned), saturated at {@code int} as records' trimming. */
    private static int sizeOf(long from, long to) {
        return Long.compareUnsigned(to, from) > 0 ? (int) Math.min(to - from, Integer.MAX_VALUE) : 0;
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return records().toString();
    }
}
