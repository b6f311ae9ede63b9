package org.mtrace.mscan.labels;

import org.mtrace.mscan.util.LongMap;

/**
 * One of the two label maps (MSCAN.md §4.1): objects indexed by start address (unique) and by
 * last byte (insert-if-absent, so of two objects ending on the same byte the older one wins).
 */
final class LabelMap {
    private final LongMap<LabelObject> byStart = new LongMap<>(); // churns: no tombstones
    private final OrderedLongIndex<LabelObject> byLastByte = new OrderedLongIndex<>();
    private final LineCache lineCache = new LineCache();

    LabelObject atStart(long start) {
        return byStart.get(start);
    }

    void insert(LabelObject o) {
        byStart.put(o.start(), o);
        lineCache.modified(o.lastByte());
        if (byLastByte.putIfAbsent(o.lastByte(), o)) {
            byLastByte.setAux(o.lastByte(), o.start()); // lets lookups test coverage without the object
        }
    }

    /** §4.2 Remove step 4: erases the last-byte entry at o's last byte, whoever owns it. */
    void erase(LabelObject o) {
        byLastByte.remove(o.lastByte());
        lineCache.modified(o.lastByte());
        byStart.remove(o.start());
    }

    /** The single candidate of §4.2: smallest last byte ≥ addr, if it covers addr. */
    LabelObject containing(long addr) {
        int n = byLastByte.ceilingNodeNear(addr);
        if (n < 0) {
            return null;
        }
        // candidate's last byte >= addr; it covers addr iff start <= addr and addr < end = last
        // byte + 1, which holds unless end wrapped to 0 (last byte 2^64 - 1: covers nothing)
        return Long.compareUnsigned(byLastByte.aux(n), addr) <= 0 && byLastByte.key(n) != -1L
                ? byLastByte.value(n) : null;
    }

    /** Appends to the empty {@code out} the objects of the line starting at {@code line} (§4.2). */
    void collectLine(long line, ObjectList out) {
        if (!lineCache.lookup(line, out)) {
            walkLine(line, out);
        }
    }

    /** Appends to the empty {@code out} the kinds of the objects of the line {@code line}. */
    void collectLineKinds(long line, KindList out, ObjectList scratch) {
        if (!lineCache.lookupKinds(line, out)) {
            scratch.clear();
            collectLine(line, scratch);
            for (int i = 0; i < scratch.size(); i++) {
                out.add(scratch.get(i).kind());
            }
        }
    }

    /** The walk itself, uncached (package-visible so tests can compare). */
    void walkLine(long line, ObjectList out) {
        walkLine(line, 64, out, true);
    }

    /**
     * Appends to the empty {@code out} the objects of the {@code bytes}-byte line at {@code line},
     * uncached: the cache holds 64-byte lines only (its tags are line addresses).
     */
    void collectLine(long line, int bytes, ObjectList out) {
        walkLine(line, bytes, out, false);
    }

    private void walkLine(long line, int bytes, ObjectList out, boolean cache) {
        long lineEnd = line + bytes;
        for (int n = byLastByte.ceilingNodeNear(line); n >= 0; n = byLastByte.nextNode(n)) {
            // start < L + bytes and L < end (unsigned). The walk only sees last bytes >= L, so
            // L < end = last byte + 1 holds except when end wrapped to 0 (last byte 2^64 - 1)
            if (Long.compareUnsigned(byLastByte.aux(n), lineEnd) < 0 && byLastByte.key(n) != -1L) {
                out.add(byLastByte.value(n));
            } else {
                if (cache) {
                    lineCache.store(line, byLastByte.key(n), out);
                }
                return;
            }
        }
        // walked off the end: any later key could extend the result, so it is not cached
    }

    int size() {
        return byStart.size();
    }
}
