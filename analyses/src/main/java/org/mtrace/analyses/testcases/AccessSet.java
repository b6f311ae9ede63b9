package org.mtrace.analyses.testcases;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.access.PhysicalAccess;

/**
 * One CPU's accesses in one test case (MSCAN.md §8.10): non-overlapping records keyed by start
 * address, where a new record splits the ones it overlaps (a write wins the overlap over a read)
 * and mergeable neighbours are joined.
 *
 * <p>Difference: merged sizes are not truncated to 8 bits (the original wrapped ranges longer
 * than 255 bytes).
 *
 * <p>An exact-start index beside the ordered map answers the common case, an access already
 * covered by the set, with one primitive lookup and no allocation ({@link #absorbs}).
 */
final class AccessSet {
    /** Start address (unsigned order) → record. */
    private final ChunkedLongMap<PhysicalAccess> byStart = new ChunkedLongMap<>();
    private final LongObjectHashMap<PhysicalAccess> exact = new LongObjectHashMap<>();

    /** The record that last absorbed an access (a cheap first guess for the next one). */
    private PhysicalAccess lastHit;

    /**
     * Would {@link #insert} of an access with these properties change nothing? True when a record
     * P contains the access's bytes and P's kind wins the overlap (P writes, or the access reads):
     * the split then yields only pieces of P, which merge back into P exactly, because the set
     * never holds two touching mergeable records. (The original's step 3, identical records, is
     * the special case P = access.) Checks the last such record and the record starting at the
     * access's address; other cases go through {@link #insert}.
     */
    boolean absorbs(long address, int size, boolean isWrite) {
        if (covers(lastHit, address, size, isWrite)) { // lastHit is cleared when its record leaves the set
            return true;
        }
        PhysicalAccess p = exact.get(address);
        if (covers(p, address, size, isWrite)) {
            lastHit = p;
            return true;
        }
        return false;
    }

    private static boolean covers(PhysicalAccess p, long address, int size, boolean isWrite) {
        return p != null && (p.isWrite() || !isWrite) && Long.compareUnsigned(address - p.address(), p.size()) < 0
                && Long.compareUnsigned(address - p.address() + size, p.size()) <= 0;
    }

    void insert(PhysicalAccess rec) {
        if (rec.size() == 0) {
            return;
        }
        PhysicalAccess p = byStart.lowerValue(rec.end());
        if (p == null || Long.compareUnsigned(p.end(), rec.address()) <= 0) {
            insertBetween(p, rec);
            return;
        }
        if (p.address() == rec.address() && p.size() == rec.size() && p.isWrite() == rec.isWrite()) {
            return;
        }
        remove(p);
        insert(rec.trimmed(rec.address(), p.address()));
        insert(p.trimmed(p.address(), rec.address()));
        insert(p.trimmed(rec.end(), p.end()));
        insert(rec.trimmed(p.end(), rec.end()));
        long from = maxUnsigned(rec.address(), p.address());
        long to = minUnsigned(rec.end(), p.end());
        insert(rec.isWrite() && !p.isWrite() ? rec.trimmed(from, to) : p.trimmed(from, to));
    }

    /**
     * Step 2: inserts {@code rec}, which overlaps nothing, then merges the following entry into it
     * and it into the preceding one. The preceding entry is {@code p} (the greatest start below
     * {@code rec}'s end, which ends before {@code rec}); a following entry can only be mergeable
     * if it touches, i.e. starts exactly at {@code rec}'s end: so no ordered lookups are needed.
     */
    private void insertBetween(PhysicalAccess p, PhysicalAccess rec) {
        put(rec);
        PhysicalAccess merged = rec;
        PhysicalAccess f = exact.get(rec.end());
        if (f != null && mergeable(rec, f)) {
            remove(f);
            merged = merge(rec, f);
            put(merged);
        }
        if (p != null && mergeable(p, merged)) {
            remove(merged);
            put(merge(p, merged));
        }
    }

    /** Touching or overlapping, same object, PC and kind (stacks are ignored). */
    static boolean mergeable(PhysicalAccess a, PhysicalAccess b) {
        return Long.compareUnsigned(a.address(), b.end()) <= 0 && Long.compareUnsigned(b.address(), a.end()) <= 0
                && a.typeName().equals(b.typeName()) && a.base() == b.base() && a.pc() == b.pc()
                && a.isWrite() == b.isWrite();
    }

    /** {@code a} extended over {@code b} (from the lower start to the higher end). */
    private static PhysicalAccess merge(PhysicalAccess a, PhysicalAccess b) {
        long from = minUnsigned(a.address(), b.address());
        return a.trimmed(from, maxUnsigned(a.end(), b.end()));
    }

    private void put(PhysicalAccess r) {
        byStart.put(r.address(), r);
        exact.put(r.address(), r);
    }

    private void remove(PhysicalAccess r) {
        byStart.remove(r.address());
        exact.remove(r.address());
        if (r == lastHit) {
            lastHit = null;
        }
    }

    /** Records in ascending address order. */
    Iterable<PhysicalAccess> records() {
        return byStart;
    }

    boolean isEmpty() {
        return byStart.isEmpty();
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (PhysicalAccess r : byStart) {
            sb.append(sb.length() > 1 ? ", " : "").append(r);
        }
        return sb.append(']').toString();
    }
}
