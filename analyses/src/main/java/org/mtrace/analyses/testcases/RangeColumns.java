package org.mtrace.analyses.testcases;

import java.util.Arrays;

/**
 * The ranges of one {@link AccessSet} in ascending (unsigned) start order, stored column-wise:
 * start, size, PC, object base and a tag (origin and write bit) in primitive arrays, so a set of
 * millions of ranges is a few hundred arrays rather than millions of record objects. The columns
 * are cut into sorted chunks of at most {@value #CHUNK} ranges, found by binary search over the
 * chunks' first starts (a {@link ChunkDirectory}), then within the chunk.
 *
 * <p>A position names one range: {@code chunk << 32 | index}, or {@link #NONE}. Positions are
 * valid until the next insertion or removal (which may split, shift or drop chunks); the
 * insertion returns the new range's position.
 *
 * <p>The store does not check order: callers insert each range right after its predecessor.
 */
final class RangeColumns {
    static final long NONE = -1;
    private static final int CHUNK = 128;
    /** A chunk starts small (most access sets are small) and grows to CHUNK. */
    private static final int FIRST_CAPACITY = 4;

    /** One sorted run of ranges; starts are stored with the sign bit flipped (signed order = unsigned). */
    static final class Chunk {
        long[] starts;
        int[] sizes;
        long[] pcs;
        long[] bases;
        int[] tags;
        int count;

        Chunk(int capacity) {
            starts = new long[capacity];
            sizes = new int[capacity];
            pcs = new long[capacity];
            bases = new long[capacity];
            tags = new int[capacity];
        }

        void grow(int capacity) {
            starts = Arrays.copyOf(starts, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            pcs = Arrays.copyOf(pcs, capacity);
            bases = Arrays.copyOf(bases, capacity);
            tags = Arrays.copyOf(tags, capacity);
        }

        /** Moves entries [from, count) by {@code shift} places within this chunk. */
        void shift(int from, int shift) {
            int n = count - from;
            System.arraycopy(starts, from, starts, from + shift, n);
            System.arraycopy(sizes, from, sizes, from + shift, n);
            System.arraycopy(pcs, from, pcs, from + shift, n);
            System.arraycopy(bases, from, bases, from + shift, n);
            System.arraycopy(tags, from, tags, from + shift, n);
        }

        /** Moves entries [from, count) to the start of the empty chunk {@code to}. */
        void moveTail(int from, Chunk to) {
            int n = count - from;
            System.arraycopy(starts, from, to.starts, 0, n);
            System.arraycopy(sizes, from, to.sizes, 0, n);
            System.arraycopy(pcs, from, to.pcs, 0, n);
            System.arraycopy(bases, from, to.bases, 0, n);
            System.arraycopy(tags, from, to.tags, 0, n);
            to.count = n;
            count = from;
        }

        /** Position of flipped start k, or {@code -(insertion point) - 1}. */
        int search(long k) {
            return Arrays.binarySearch(starts, 0, count, k);
        }
    }

    private final ChunkDirectory<Chunk> chunks = new ChunkDirectory<>();
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The range with the greatest start strictly below {@code key} (unsigned), or NONE. */
    long lower(long key) {
        long k = key ^ Long.MIN_VALUE;
        return k == Long.MIN_VALUE ? NONE : atOrBelow(k - 1);
    }

    /** The range with the greatest start at or below {@code key} (unsigned), or NONE. */
    long floor(long key) {
        return atOrBelow(key ^ Long.MIN_VALUE);
    }

    private long atOrBelow(long k) {
        int c = chunks.lastAtOrBelow(k);
        if (c < 0) {
            return NONE;
        }
        int i = chunks.get(c).search(k);
        return position(c, i >= 0 ? i : -i - 2); // exists: the chunk's first start is <= k
    }

    long first() {
        return size == 0 ? NONE : position(chunks.first(), 0);
    }

    long next(long pos) {
        int c = chunkOf(pos);
        int i = indexOf(pos) + 1;
        if (i < chunks.get(c).count) {
            return pos + 1;
        }
        int d = chunks.next(c);
        return d < 0 ? NONE : position(d, 0);
    }

    long previous(long pos) {
        int c = chunkOf(pos);
        int i = indexOf(pos);
        if (i > 0) {
            return pos - 1;
        }
        int d = chunks.previous(c);
        return d < 0 ? NONE : position(d, chunks.get(d).count - 1);
    }

    long start(long pos) {
        return chunks.get(chunkOf(pos)).starts[indexOf(pos)] ^ Long.MIN_VALUE;
    }

    int size(long pos) {
        return chunks.get(chunkOf(pos)).sizes[indexOf(pos)];
    }

    /** start + size (wrapping, as the records' {@code end()}). */
    long end(long pos) {
        Chunk ch = chunks.get(chunkOf(pos));
        int i = indexOf(pos);
        return (ch.starts[i] ^ Long.MIN_VALUE) + ch.sizes[i];
    }

    long pc(long pos) {
        return chunks.get(chunkOf(pos)).pcs[indexOf(pos)];
    }

    long base(long pos) {
        return chunks.get(chunkOf(pos)).bases[indexOf(pos)];
    }

    int tag(long pos) {
        return chunks.get(chunkOf(pos)).tags[indexOf(pos)];
    }

    void setSize(long pos, int newSize) {
        chunks.get(chunkOf(pos)).sizes[indexOf(pos)] = newSize;
    }

    /**
     * Inserts a range right after {@code pos} (at the front for NONE); returns its position.
     * A full chunk is split in halves first.
     */
    long insertAfter(long pos, long start, int rangeSize, long pc, long base, int tag) {
        int c;
        int i;
        if (pos == NONE) {
            if (chunks.isEmpty()) {
                chunks.insertAfter(-1, new Chunk(FIRST_CAPACITY), 0);
            }
            c = chunks.first();
            i = 0;
        } else {
            c = chunkOf(pos);
            i = indexOf(pos) + 1;
        }
        Chunk ch = chunks.get(c);
        if (ch.count == CHUNK) {
            int half = CHUNK / 2;
            Chunk upper = new Chunk(CHUNK);
            ch.moveTail(half, upper);
            int u = chunks.insertAfter(c, upper, upper.starts[0]);
            if (i > half) {
                c = u;
                i -= half;
                ch = upper;
            } else {
                c = chunks.previous(u); // the directory may have moved c
            }
        }
        if (ch.count == ch.starts.length) {
            ch.grow(Math.min(2 * ch.count, CHUNK));
        }
        ch.shift(i, 1);
        ch.starts[i] = start ^ Long.MIN_VALUE;
        ch.sizes[i] = rangeSize;
        ch.pcs[i] = pc;
        ch.bases[i] = base;
        ch.tags[i] = tag;
        ch.count++;
        if (i == 0) {
            chunks.setFirst(c, ch.starts[0]);
        }
        size++;
        return position(c, i);
    }

    void remove(long pos) {
        int c = chunkOf(pos);
        int i = indexOf(pos);
        Chunk ch = chunks.get(c);
        ch.shift(i + 1, -1);
        ch.count--;
        size--;
        if (ch.count == 0) {
            chunks.remove(c);
        } else if (i == 0) {
            chunks.setFirst(c, ch.starts[0]);
        }
    }

    private static long position(int chunk, int index) {
        return (long) chunk << 32 | index;
    }

    private static int chunkOf(long pos) {
        return (int) (pos >>> 32);
    }

    private static int indexOf(long pos) {
        return (int) pos;
    }
}
