package org.mtrace.analyses.allsharing;

import java.util.Arrays;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;
import org.mtrace.mscan.lines.LineCpuTable;
import org.mtrace.mscan.lines.LineSize;

/**
 * Per address, the access record that the original's union of per-CPU record sets would print:
 * the one of the lowest rank ({@code cpu * 2 + kind}, loads before stores), and of those the
 * first. Stored column-wise in primitive arrays indexed by a slot number.
 *
 * <p>The records hang off the lines of the shared {@link LineCpuTable}: the records of one line
 * sit in one block of slots, in the order of their byte offsets, and the line's entry holds the
 * block's start (its 32-bit field) and the set of offsets present (its view words: one bit per
 * byte, one word per 64 bytes of line), so an address's slot is {@code block + bitCount(offsets
 * below it)}: constant time whatever the number of addresses on the line (a chain of slots
 * scattered over the arrays, walked per access, made all-sharing grow faster than the log on
 * kernels that use every byte offset). A block holds a power of two of records; a line that
 * outgrows its block moves to one twice the size, and the old block is kept on a free list of its
 * size for the next line that needs one. Adding an address shifts at most the line's records,
 * once per address.
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
final class AddressRecords {
    private static final int NONE = -1;
    /** A rank byte that only says "a record of rank 254 or more": the record's own rank decides. */
    private static final int RANK_UNKNOWN = 0xff;
    /** Block sizes 2, 4, ..., 4096 (the longest line): free lists indexed by log2(size). */
    private static final int SIZE_CLASSES = 13;

    private final LineSize lineSize;
    /** 64-bit words of offset bits per line, the first of the view words this class asks the line table for. */
    private final int words;

    private int[] rank = new int[1024];
    private long[] pc = new long[1024];
    private byte[] size = new byte[1024];
    private boolean[] write = new boolean[1024];
    /** The labelled object's name (the label maps' one instance per name; null: none) and start. */
    private String[] objectName = new String[1024];
    private long[] objectStart = new long[1024];
    /** Label-map generation the object was looked up in: unchanged maps need no new lookup. */
    private long[] objectGeneration = new long[1024];
    private int used;
    /** First free block of each size class; a free block's next is in its first slot's rank. */
    private final int[] free = new int[SIZE_CLASSES];

    AddressRecords(LineSize lineSize) {
        this.lineSize = lineSize;
        this.words = offsetWords(lineSize);
        Arrays.fill(free, NONE);
    }

    /** The view words a line needs: its offset set, one bit per byte, then its rank bytes, one per 8 bytes. */
    static int wordsFor(LineSize lineSize) {
        return 2 * offsetWords(lineSize);
    }

    private static int offsetWords(LineSize lineSize) {
        return Math.max(1, lineSize.bytes() / 64);
    }

    /**
     * Whether an access of rank {@code accessRank} to {@code addr} (line entry {@code p}) could
     * replace its address's record: false when the address has a record and the records around it
     * have ranks no higher.
     */
    boolean mayWin(LineCpuTable lines, int p, long addr, int accessRank) {
        long[] t = lines.words();
        int offset = lineSize.offsetOf(addr);
        if ((t[lines.word(p, offset >>> 6)] & 1L << offset) == 0) { // no record yet (shifts use the low six bits)
            return true;
        }
        int bound = (int) (t[lines.word(p, words + (offset >>> 6))] >>> granuleShift(offset)) & 0xff;
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

    /** Bytes held by the record arrays: 4 + 8 + 1 + 1 + 4 (a reference) + 8 + 8 per slot. */
    long bytes() {
        return 34L * rank.length;
    }

    /** Keeps the access to {@code addr} (line entry {@code p}) as its address's record if its rank is the lowest yet. */
    void offer(LineCpuTable lines, int p, long addr, int accessRank, AccessView a, TraceState state) {
        long[] t = lines.words();
        int first = lines.word(p, 0);
        int offset = lineSize.offsetOf(addr);
        int at = first + (offset >>> 6);
        long bits = t[at];
        long bit = 1L << offset; // shifts use the low six bits: the offset in the word
        int block = lines.field(p);
        int pos = Long.bitCount(bits & (bit - 1)) + bitsIn(t, first, at);
        int slot;
        if ((bits & bit) == 0) {
            int n = pos + Long.bitCount(bits & -bit) + bitsIn(t, at + 1, first + words);
            if (n == capacity(n)) { // full (or none yet): move to a block twice the size
                int moved = allocate(n == 0 ? 2 : n * 2);
                copy(block, moved, pos);
                copy(block + pos, moved + pos + 1, n - pos);
                if (n != 0) {
                    release(block, n);
                }
                block = moved;
                lines.setField(p, block);
            } else {
                copy(block + pos, block + pos + 1, n - pos);
            }
            t[at] = bits | bit;
            slot = block + pos;
            objectGeneration[slot] = -1;
        } else {
            slot = block + pos;
            if (accessRank >= rank[slot]) {
                return;
            }
        }
        rank[slot] = accessRank;
        // the bound: the highest rank of the records of these 8 bytes, which sit side by side in the block
        int shift = granuleShift(offset);
        long granule = t[at] & 0xffL << shift;
        int highest = 0;
        for (int s = slot - Long.bitCount(granule & (bit - 1)), end = s + Long.bitCount(granule); s < end; s++) {
            highest = Math.max(highest, rank[s]);
        }
        int rankWord = at + words;
        t[rankWord] = t[rankWord] & ~(0xffL << shift) | (long) Math.min(highest + 1, RANK_UNKNOWN) << shift;
        pc[slot] = a.pc();
        size[slot] = (byte) a.bytes();
        write[slot] = a.accessType() != AccessType.LD.code();
        Labels labels = state.labels();
        long generation = labels.generation();
        if (objectGeneration[slot] != generation) {
            int o = labels.labelAt(addr);
            objectName[slot] = o == LabelMaps.NO_LABEL ? null : labels.labelName(o);
            objectStart[slot] = o == LabelMaps.NO_LABEL ? 0 : labels.labelStart(o);
            objectGeneration[slot] = generation;
        }
    }

    /** Offsets present in the words {@code [from, to)} of {@code t} (none for lines up to 64 bytes). */
    private static int bitsIn(long[] t, int from, int to) {
        int n = 0;
        for (int w = from; w < to; w++) {
            n += Long.bitCount(t[w]);
        }
        return n;
    }

    /** Slots of the block of a line with {@code n} records (0 for none). */
    static int capacity(int n) {
        return n == 0 ? 0 : Math.max(2, Integer.highestOneBit(n - 1) << 1);
    }

    private int allocate(int blockSize) {
        int c = Integer.numberOfTrailingZeros(blockSize);
        int b = free[c];
        if (b != NONE) {
            free[c] = rank[b];
            return b;
        }
        if (used + blockSize > rank.length) {
            int n = Math.max(rank.length * 2, used + blockSize);
            rank = Arrays.copyOf(rank, n);
            pc = Arrays.copyOf(pc, n);
            size = Arrays.copyOf(size, n);
            write = Arrays.copyOf(write, n);
            objectName = Arrays.copyOf(objectName, n);
            objectStart = Arrays.copyOf(objectStart, n);
            objectGeneration = Arrays.copyOf(objectGeneration, n);
        }
        b = used;
        used += blockSize;
        return b;
    }

    private void release(int block, int blockSize) {
        int c = Integer.numberOfTrailingZeros(blockSize);
        rank[block] = free[c];
        free[c] = block;
    }

    private void copy(int from, int to, int n) {
        System.arraycopy(rank, from, rank, to, n);
        System.arraycopy(pc, from, pc, to, n);
        System.arraycopy(size, from, size, to, n);
        System.arraycopy(write, from, write, to, n);
        System.arraycopy(objectName, from, objectName, to, n);
        System.arraycopy(objectStart, from, objectStart, to, n);
        System.arraycopy(objectGeneration, from, objectGeneration, to, n);
    }

    /** The records of the line of entry {@code p}, ascending by address, without stacks. */
    PhysicalAccess[] records(LineCpuTable lines, int p) {
        long[] t = lines.words();
        int first = lines.word(p, 0);
        PhysicalAccess[] out = new PhysicalAccess[bitsIn(t, first, first + words)];
        int s = lines.field(p);
        int i = 0;
        for (int w = 0; w < words; w++) {
            for (long bits = t[first + w]; bits != 0; bits &= bits - 1, s++) {
                long addr = lines.address(p) + 64L * w + Long.numberOfTrailingZeros(bits);
                String name = objectName[s];
                out[i++] = new PhysicalAccess(name == null ? "" : name, objectStart[s], addr, pc[s],
                        size[s] & 0xff, write[s], null);
            }
        }
        return out;
    }
}
