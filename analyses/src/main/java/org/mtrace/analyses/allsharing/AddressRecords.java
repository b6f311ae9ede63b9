package org.mtrace.analyses.allsharing;

import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;
import org.mtrace.mscan.lines.LineCpuTable;
import org.mtrace.mscan.lines.LineOffsetSlots;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.SlotPages;

/**
 * Per address, the access record that the original's union of per-CPU record sets would print:
 * the one of the lowest rank ({@code cpu * 2 + kind}, loads before stores), and of those the
 * first. Stored {@value #WORDS} words a slot side by side, in pages of
 * {@link LineOffsetSlots#PAGE_SLOTS} slots (2 MiB), which no block crosses: a record placed in a
 * block no access has touched for a while waits for one cache line, where a column per field (seven
 * until the twenty-eighth session) waited for one line per column; and pages never move, where one
 * array held its old and new copies together each time it doubled.
 *
 * <p>The records hang off the lines of the shared {@link LineCpuTable}: the records of one line
 * sit in one block of slots, in the order of their byte offsets ({@link LineOffsetSlots}: the
 * line's entry holds the block's start and the set of offsets present, so an address's slot is
 * found in constant time whatever the number of addresses on the line).
 *
 * <p>The line's entry also holds, per 8 bytes of line, the highest rank of the records there in
 * one byte (its rank words, after the offset words: that rank + 1, 0 for none,
 * {@value #RANK_UNKNOWN} for ranks past 253; made again whenever a record there is placed). An
 * access to an address that has a record, with a rank not below that byte, cannot win, and
 * {@link #mayWin} tells so from the entry the access has just counted in, without reading the
 * record columns (a separate filter of recent addresses cost a cache miss per access on
 * kernel-shaped logs, and a record column read on each of its misses). One byte per 8 bytes, not
 * per byte: a byte per offset took 64 more bytes a table slot, 257 MiB more on a recording of
 * exim; kernel data is mostly accessed in aligned words, one address per 8 bytes, where the byte
 * is the record's own rank.
 *
 * <p>The labelled object is looked up only when a record is (re)placed and the label maps changed
 * since the address's last lookup.
 */
final class AddressRecords implements LineOffsetSlots.Columns {
    /** A rank byte that only says "a record of rank 254 or more": the record's own rank decides. */
    private static final int RANK_UNKNOWN = 0xff;

    private final LineSize lineSize;
    /** 64-bit words of offset bits per line, the first of the view words this class asks the line table for. */
    private final int words;
    private final LineOffsetSlots slots;

    /** Words a slot. */
    private static final int WORDS = 4;
    /**
     * Word 0: the labelled object's label kind + 1 (0: none; its name is the kind's, {@link
     * Labels#kindName}) in the high half; in the low half the rank ({@code cpu * 2 + kind}, under
     * 2^17), store bit and access size: {@code rank << 9 | store << 8 | size}.
     */
    private static final int META = 0;
    private static final int PC = 1;
    /** The labelled object's start (0: none). */
    private static final int START = 2;
    /** Label-map generation the object was looked up in: unchanged maps need no new lookup. */
    private static final int GENERATION = 3;

    private final SlotPages pages = new SlotPages(WORDS);
    /**
     * The label maps of this instance's pass, whose kind ids the records hold (the partner of a split
     * pass has maps of its own); known from the first record on.
     */
    private Labels labels;

    AddressRecords(LineSize lineSize) {
        this.lineSize = lineSize;
        this.words = LineOffsetSlots.wordsFor(lineSize);
        this.slots = new LineOffsetSlots(lineSize, 0, this);
    }

    /** The view words a line needs: its offset set, one bit per byte, then its rank bytes, one per 8 bytes. */
    static int wordsFor(LineSize lineSize) {
        return 2 * LineOffsetSlots.wordsFor(lineSize);
    }

    /**
     * Whether an access of rank {@code accessRank} to {@code addr} (line entry {@code p}) could
     * replace its address's record: false when the address has a record and the records around it
     * have ranks no higher.
     */
    boolean mayWin(LineCpuTable lines, int p, long addr, int accessRank) {
        int offset = lineSize.offsetOf(addr);
        if (!slots.has(lines, p, offset)) { // no record yet
            return true;
        }
        int bound = (int) (lines.words()[lines.word(p, words + (offset >>> 6))] >>> granuleShift(offset)) & 0xff;
        return bound == RANK_UNKNOWN || accessRank + 1 < bound;
    }

    /**
     * Where the 8 bytes holding {@code offset} sit in a 64-bit word: the first bit of their 8
     * offset bits in the offset word, and their rank byte in the rank word (8 offsets a rank byte,
     * 8 bits a byte: one shift for both).
     */
    private static int granuleShift(int offset) {
        return offset & 0x38;
    }

    /** Bytes held by the records: {@value #WORDS} words a slot. */
    long bytes() {
        return pages.bytes();
    }

    /** Keeps the access to {@code addr} (line entry {@code p}) as its address's record if its rank is the lowest yet. */
    void offer(LineCpuTable lines, int p, long addr, int accessRank, AccessView a, TraceState state) {
        int offset = lineSize.offsetOf(addr);
        int slot = slots.slotOf(lines, p, offset);
        boolean fresh = slot == LineOffsetSlots.NONE;
        if (fresh) {
            slot = slots.insert(lines, p, offset);
        }
        long[] records = pages.page(slot); // a block's slots are in one page
        int r = pages.at(slot);
        if (fresh) {
            records[r + GENERATION] = -1;
        } else if (accessRank >= (int) records[r + META] >>> 9) {
            return;
        }
        records[r + META] = records[r + META] & 0xffffffff00000000L
                | accessRank << 9 | (a.accessType() != AccessType.LD.code() ? 1 << 8 : 0) | (a.bytes() & 0xff);
        long[] t = lines.words();
        int at = lines.word(p, offset >>> 6);
        long bit = 1L << offset; // shifts use the low six bits: the offset in the word
        // the bound: the highest rank of the records of these 8 bytes, which sit side by side in the block
        int shift = granuleShift(offset);
        long granule = t[at] & 0xffL << shift;
        int highest = 0;
        for (int s = slot - Long.bitCount(granule & (bit - 1)), end = s + Long.bitCount(granule); s < end; s++) {
            highest = Math.max(highest, (int) records[pages.at(s) + META] >>> 9);
        }
        int rankWord = at + words;
        t[rankWord] = t[rankWord] & ~(0xffL << shift) | (long) Math.min(highest + 1, RANK_UNKNOWN) << shift;
        records[r + PC] = a.pc();
        Labels labels = state.labels();
        this.labels = labels;
        long generation = labels.generation();
        if (records[r + GENERATION] != generation) {
            int o = labels.labelAt(addr);
            long kind = o == LabelMaps.NO_LABEL ? 0 : labels.labelKind(o) + 1L;
            records[r + META] = records[r + META] & 0xffffffffL | kind << 32;
            records[r + START] = o == LabelMaps.NO_LABEL ? 0 : labels.labelStart(o);
            records[r + GENERATION] = generation;
        }
    }

    @Override
    public int ensure(int n) {
        return pages.ensure(n);
    }

    @Override
    public void move(int from, int to, int n) {
        pages.move(from, to, n);
    }

    /** The records of the line of entry {@code p}, ascending by address, without stacks. */
    PhysicalAccess[] records(LineCpuTable lines, int p) {
        PhysicalAccess[] out = new PhysicalAccess[slots.count(lines, p)];
        int s = slots.block(lines, p);
        int i = 0;
        for (int w = 0; w < words; w++) {
            for (long bits = slots.offsetWord(lines, p, w); bits != 0; bits &= bits - 1, s++) {
                long addr = lines.address(p) + 64L * w + Long.numberOfTrailingZeros(bits);
                long[] records = pages.page(s);
                int r = pages.at(s);
                long meta = records[r + META];
                int kind = (int) (meta >>> 32);
                out[i++] = new PhysicalAccess(kind == 0 ? "" : labels.kindName(kind - 1), records[r + START], addr,
                        records[r + PC], (int) meta & 0xff, (meta & 1 << 8) != 0, null);
            }
        }
        return out;
    }
}
