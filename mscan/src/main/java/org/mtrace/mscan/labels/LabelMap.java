package org.mtrace.mscan.labels;

import java.util.Arrays;
import org.mtrace.mscan.engine.TraceFault;

/**
 * One of the two label maps (MSCAN.md §4.1): objects indexed by start address (unique) and by
 * last byte (insert-if-absent, so of two objects ending on the same byte the older one wins).
 *
 * <p>Stored column-wise: a label is a node of the last-byte index ({@link OrderedLongIndex}: last
 * byte as key, start as auxiliary value, tree links, and its kind and label type packed in the
 * node's {@code int} payload), plus its id (an {@code int} read as unsigned, until an id needs
 * more bits) in a column indexed by the node number; the start index is
 * a table of node numbers ({@link StartTable}). A label added while another one owns its last
 * byte is a node outside the tree. No object per label: callers get a handle, {@code tag << 29 |
 * node}, valid until the next insertion or removal, and read the fields through it.
 */
final class LabelMap {
    static final int NODE_BITS = 29;
    static final int NODE_MASK = (1 << NODE_BITS) - 1;
    private static final int TYPE_BITS = 3;
    /** Kinds above this do not fit beside the label type (no heap holds that many names anyway). */
    private static final int MAX_KIND = (1 << (31 - TYPE_BITS)) - 1;

    private final int tag;
    private final OrderedLongIndex index = new OrderedLongIndex();
    private final StartTable byStart = new StartTable(index);
    /**
     * The types map's (the only one asked about lines): its page versions from the first label on,
     * its slots from the first answer stored; null in the other maps.
     */
    private final LineCache lineCache;
    /**
     * Pages touched by linked labels (the ones lookups and line walks report): a walk over a page no
     * linked label touches finds nothing (every label the walk reports overlaps the line), and no
     * label there covers an address, so neither needs the index.
     */
    private final PageCounts pages;
    /** Lines overlapped by linked labels, counted; made on the first {@link #mayHoldTwo} (false-sharing's question). */
    private LineCounts lines;
    /** The size of the next {@link #lines} table, grown when one is crowded. */
    private int lineBits = LineCounts.MIN_BITS;
    /** Per node: the id as unsigned 32 bits, while every id fits ({@link #wideIds} is null). */
    private int[] ids = new int[0];
    /** Per node: the id, once one needed more than 32 bits (after 4 G additions); {@link #ids} is then unused. */
    private long[] wideIds;

    /**
     * A map whose page counts (every map: address lookups use them) and line cache (the types map's,
     * tag 0) are kept from the first label on, not made at the first query: the label trackers are
     * compiled during a log's opening burst of labels, and a field first null and then not flips the
     * branch they were compiled with, sending them and all that inlined them back to the interpreter
     * (C2 compiled {@code Engine.track} five times on a recording of Debian's kernel).
     *
     * @param tag the map's number in handles (0–3)
     */
    LabelMap(int tag) {
        this.tag = tag;
        this.pages = new PageCounts();
        this.lineCache = tag == 0 ? new LineCache() : null;
    }

    /** Handle of the label starting at {@code start}, or -1. */
    int atStart(long start) {
        int n = byStart.get(start);
        return n < 0 ? -1 : handle(n);
    }

    /** Adds a label (none may start at {@code start}); returns its handle. */
    int insert(long id, int labelType, int kind, long start, long bytes) {
        int n = allocate(id, labelType, kind, start, bytes);
        byStart.add(n);
        modified(index.key(n));
        if (index.link(n)) { // unless an older label ends on the same byte
            pages.add(start, index.key(n));
            if (lines != null) {
                lines.add(start, index.key(n));
                if (lines.crowded()) {
                    // made again, larger, at once: set to null until the next query, the field's
                    // null check would flip and send the compiled label trackers back to the interpreter
                    lineBits = lines.bits() + 1;
                    lines = countedLines();
                }
            }
        }
        return handle(n);
    }

    /**
     * A label in no index (an element of a typed array): only reachable through its handle,
     * which stays valid, as nothing is ever removed here.
     */
    int detached(long id, int labelType, int kind, long start, long bytes) {
        return handle(allocate(id, labelType, kind, start, bytes));
    }

    private int allocate(long id, int labelType, int kind, long start, long bytes) {
        if (kind > MAX_KIND) {
            throw new TraceFault("more than " + (MAX_KIND + 1L) + " distinct label names and alloc PCs");
        }
        int n = index.allocate(start + bytes - 1, start, kind << TYPE_BITS | labelType);
        if (n > NODE_MASK) {
            throw new TraceFault("more than " + (NODE_MASK + 1L) + " live labels in one label map");
        }
        int capacity = index.capacity();
        if ((wideIds == null ? ids.length : wideIds.length) < capacity) {
            if (wideIds == null) {
                ids = Arrays.copyOf(ids, capacity);
            } else {
                wideIds = Arrays.copyOf(wideIds, capacity);
            }
        }
        if (wideIds == null && id >>> 32 != 0) {
            wideIds = new long[capacity];
            for (int i = 0; i < capacity; i++) {
                wideIds[i] = ids[i] & 0xffffffffL;
            }
            ids = null;
        }
        if (wideIds == null) {
            ids[n] = (int) id;
        } else {
            wideIds[n] = id;
        }
        return n;
    }

    /** §4.2 Remove step 4: erases the last-byte entry at the label's last byte, whoever owns it. */
    void erase(int handle) {
        int n = handle & NODE_MASK;
        long lastByte = index.key(n);
        // if n is linked, it is the owner (one linked node per key), and unlinking it needs no descent
        int owner = index.isLinked(n) ? n : index.node(lastByte);
        if (owner >= 0) {
            index.unlink(owner);
            long start = index.aux(owner);
            pages.remove(start, lastByte);
            if (lines != null) {
                lines.remove(start, lastByte);
            }
        }
        modified(lastByte);
        byStart.remove(n);
        index.release(n);
    }

    /**
     * The single candidate of §4.2: smallest last byte ≥ addr, if it covers addr; handle or -1.
     * Also the run of addresses around {@code addr} that get the same answer, in
     * {@link #runFirst} and {@link #runLast} (unsigned, inclusive): an address's candidate is the
     * label with the smallest last byte at or above it, so every address after the last byte of
     * the label before that candidate, up to the candidate's own last byte, has the same
     * candidate, and is covered by it or not as its start says.
     */
    int containing(long addr) {
        if (!pages.covered(addr)) { // no linked label touches the page: none for all of it
            runFirst = addr & -(1L << PageCounts.PAGE_SHIFT);
            runLast = addr | ((1L << PageCounts.PAGE_SHIFT) - 1);
            return -1;
        }
        int n = index.ceilingNodeNear(addr);
        int before = index.lastCeilingPrev();
        runFirst = before < 0 ? 0 : index.key(before) + 1; // the node before has a key below addr: no overflow
        if (n < 0) {
            runLast = -1L;
            return -1;
        }
        long start = index.aux(n);
        long last = index.key(n);
        if (Long.compareUnsigned(start, addr) > 0) { // covers from its start on
            runLast = start - 1;
            return -1;
        }
        if (last == -1L) { // last byte 2^64 - 1: the end wrapped to 0, it covers nothing
            runLast = -1L;
            return -1;
        }
        if (Long.compareUnsigned(start, runFirst) > 0) {
            runFirst = start;
        }
        runLast = last;
        return handle(n);
    }

    /** The first address of the last {@link #containing}'s run. */
    long runFirst;
    /** The last address of that run. */
    long runLast;

    /** Appends to the empty {@code out} the labels of the line starting at {@code line} (§4.2). */
    void collectLine(long line, ObjectList out) {
        if (pages.covered(line)) {
            collectCovered(line, out);
        }
    }

    /**
     * {@link #collectLine} for a line on a page some linked label touches: the cache, else the
     * walk. Returns whether the answer is one the cache holds (valid while {@link #lineStamp} is).
     */
    private boolean collectCovered(long line, ObjectList out) {
        return lineCache != null && lineCache.lookup(line, out) || walkLine(line, 64, out, true);
    }

    /**
     * Appends to the empty {@code out} the kinds of the labels of the line {@code line}; returns
     * whether the answer holds while {@link #lineStamp} does (it is one the line cache holds: see
     * {@link LineCache} for why that is exact).
     */
    boolean collectLineKinds(long line, KindList out, ObjectList scratch) {
        if (!pages.covered(line)) {
            return false; // no walk: a label that touches the page may end pages away
        }
        if (lineCache != null && lineCache.lookupKinds(line, out)) {
            return true;
        }
        scratch.clear();
        boolean cached = collectCovered(line, scratch);
        for (int i = 0; i < scratch.size(); i++) {
            out.add(kind(scratch.label(i)));
        }
        return cached;
    }

    /**
     * Whether the {@code bytes}-byte line at {@code line} may overlap two linked labels or more
     * (see {@link Labels#mayHoldTwoObjects}); false is exact.
     */
    boolean mayHoldTwo(long line, int bytes) {
        if (!pages.covered(line)) {
            return false; // the cheaper probe first: most accessed pages hold no label at all
        }
        if (lines == null) {
            lines = countedLines();
        }
        return lines.mayHoldTwo(line, bytes);
    }

    /** The line counts of the linked labels, in a table large enough for them. */
    private LineCounts countedLines() {
        // room for two lines a label at a quarter full from the start: a kernel's first query comes
        // after hundreds of thousands of labels, each a walk over all of them per table outgrown
        lineBits = Math.max(lineBits, 64 - Long.numberOfLeadingZeros(8L * index.size()));
        while (true) {
            LineCounts counts = new LineCounts(lineBits);
            for (int n = index.ceilingNode(0); n >= 0; n = index.nextNode(n)) {
                counts.add(index.aux(n), index.key(n));
            }
            if (!counts.crowded()) {
                return counts;
            }
            lineBits++;
        }
    }

    /** See {@link Labels#lineStamp}. */
    long lineStamp(long line) {
        return lineCache == null ? 0 : lineCache.stamp(line);
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
        if (pages.covered(line)) { // a line of at most a page lies inside one page
            walkLine(line, bytes, out, false);
        }
    }

    /** The walk; with {@code cache}, stores its answer where it can and returns whether it did. */
    private boolean walkLine(long line, int bytes, ObjectList out, boolean cache) {
        long lineEnd = line + bytes;
        for (int n = index.ceilingNodeNear(line); n >= 0; n = index.nextNode(n)) {
            // start < L + bytes and L < end (unsigned). The walk only sees last bytes >= L, so
            // L < end = last byte + 1 holds except when end wrapped to 0 (last byte 2^64 - 1)
            if (Long.compareUnsigned(index.aux(n), lineEnd) < 0 && index.key(n) != -1L) {
                out.add(handle(n));
            } else {
                return cache && lineCache != null && lineCache.store(line, index.key(n), out, this);
            }
        }
        return false; // walked off the end: any later key could extend the result, so it is not cached
    }

    int size() {
        return byStart.size();
    }

    private void modified(long lastByte) {
        if (lineCache != null) {
            lineCache.modified(lastByte);
        }
    }

    long id(int handle) {
        int n = handle & NODE_MASK;
        return wideIds == null ? ids[n] & 0xffffffffL : wideIds[n];
    }

    int labelType(int handle) {
        return index.payload(handle & NODE_MASK) & ((1 << TYPE_BITS) - 1);
    }

    int kind(int handle) {
        return index.payload(handle & NODE_MASK) >>> TYPE_BITS;
    }

    long start(int handle) {
        return index.aux(handle & NODE_MASK);
    }

    long lastByte(int handle) {
        return index.key(handle & NODE_MASK);
    }

    private int handle(int node) {
        return tag << NODE_BITS | node;
    }
}
