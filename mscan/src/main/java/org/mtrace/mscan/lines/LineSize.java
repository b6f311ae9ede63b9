package org.mtrace.mscan.lines;

/**
 * The cache-line size, the one place it is written (default 64 bytes, the recorder's): which line
 * an address is in, its offset in the line, and the byte mask of an access. Masks have 64 bits;
 * for lines longer than 64 bytes one bit stands for {@code bytes / 64} bytes (a granule).
 */
public final class LineSize {
    public static final int DEFAULT_BYTES = 64;
    public static final LineSize DEFAULT = new LineSize(DEFAULT_BYTES);

    private final int bytes;
    private final long mask;
    private final int granuleShift;

    private LineSize(int bytes) {
        this.bytes = bytes;
        this.mask = ~(long) (bytes - 1);
        this.granuleShift = Math.max(0, Integer.numberOfTrailingZeros(bytes) - 6);
    }

    /**
     * A line size of {@code bytes}, a power of two from 8 to 4096.
     *
     * @throws IllegalArgumentException otherwise, with a message fit for the user
     */
    public static LineSize of(int bytes) {
        if (bytes < 8 || bytes > 4096 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("line size must be a power of two from 8 to 4096 (got " + bytes + ")");
        }
        return bytes == DEFAULT_BYTES ? DEFAULT : new LineSize(bytes);
    }

    public int bytes() {
        return bytes;
    }

    /** The first byte of the line holding {@code addr}. */
    public long lineOf(long addr) {
        return addr & mask;
    }

    /** {@code addr}'s offset inside its line. */
    public int offsetOf(long addr) {
        return (int) (addr & ~mask);
    }

    /**
     * Bits of the bytes {@code [offset, offset + size)} of one line, clipped at the line's end
     * (the report counts the part of a straddling access in each line on its own).
     */
    public long byteMask(int offset, int size) {
        int end = Math.min(bytes, offset + Math.max(size, 1));
        int first = offset >>> granuleShift;
        int last = (end - 1) >>> granuleShift;
        long upTo = last >= 63 ? -1L : (1L << (last + 1)) - 1;
        return upTo & (-1L << first);
    }

    /** How many bytes one mask bit stands for (1 up to 64-byte lines). */
    public int granule() {
        return 1 << granuleShift;
    }

    @Override
    public String toString() {
        return bytes + "-byte lines";
    }
}
