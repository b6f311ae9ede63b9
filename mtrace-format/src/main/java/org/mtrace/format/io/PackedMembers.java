package org.mtrace.format.io;

/**
 * Whole BGZF members copied out of the file back to back, with where each
 * starts, its file offset and its uncompressed size (ISIZE), so a worker can
 * inflate them without touching the input stream.
 */
final class PackedMembers {
    /** Upper bound of compressed bytes per batch (a few members more than the output chunk needs). */
    static final int CAPACITY = (1 << 20) + (1 << 17);
    static final int MAX_MEMBERS = 512;

    final byte[] bytes = new byte[CAPACITY];
    int length;
    int count;
    final int[] start = new int[MAX_MEMBERS];
    final int[] size = new int[MAX_MEMBERS];
    final int[] inflatedSize = new int[MAX_MEMBERS];
    final long[] fileOffset = new long[MAX_MEMBERS];
    /** Sum of {@link #inflatedSize}: the output this batch will produce. */
    long inflatedTotal;

    void clear() {
        length = 0;
        count = 0;
        inflatedTotal = 0;
    }

    /** True if a member of these sizes still fits next to the ones already packed. */
    boolean fits(int memberSize, int memberInflated, int outputCapacity) {
        return count < MAX_MEMBERS && length + memberSize <= CAPACITY
                && inflatedTotal + memberInflated <= outputCapacity;
    }

    void add(byte[] src, int off, int memberSize, long memberFileOffset, int memberInflated) {
        System.arraycopy(src, off, bytes, length, memberSize);
        start[count] = length;
        size[count] = memberSize;
        fileOffset[count] = memberFileOffset;
        inflatedSize[count] = memberInflated;
        count++;
        length += memberSize;
        inflatedTotal += memberInflated;
    }
}
