package org.mtrace.format.io;

import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.mtrace.format.Bytes;

/**
 * Compresses one payload into one BGZF member: a gzip header whose extra
 * field carries the member size minus one ('B','C' subfield), raw deflate
 * data, CRC-32 and ISIZE. One per thread.
 */
final class BgzfMemberEncoder {
    /** Entry bytes per member: stored-block worst case plus framing still fits the 16-bit size field. */
    static final int MAX_PAYLOAD = 0xff00;
    /** Upper bound of an encoded member. */
    static final int MAX_MEMBER = 1 << 16;
    private static final int HEADER = 18;
    private static final int TRAILER = 8;
    /** The empty member that ends a BGZF file (as in the SAM/BAM specification). */
    static final byte[] EOF_MEMBER = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();

    BgzfMemberEncoder(int level) {
        deflater = new Deflater(level, true);
    }

    /**
     * Writes the member for {@code data[off, off+len)} (len ≤ {@link #MAX_PAYLOAD})
     * at {@code dest[at]}, which needs {@link #MAX_MEMBER} bytes of room; returns its size.
     */
    int encode(byte[] data, int off, int len, byte[] dest, int at) {
        deflater.reset();
        deflater.setInput(data, off, len);
        deflater.finish();
        int n = at + HEADER;
        int limit = at + MAX_MEMBER - TRAILER;
        while (!deflater.finished()) {
            int r = deflater.deflate(dest, n, limit - n);
            n += r;
            if (r == 0 && n == limit) {
                throw new IllegalStateException("BGZF member overflow: " + len + " payload bytes");
            }
        }
        crc.reset();
        crc.update(data, off, len);
        Bytes.put32(dest, n, crc.getValue());
        Bytes.put32(dest, n + 4, len);
        int total = n + TRAILER - at;
        dest[at] = 0x1f;
        dest[at + 1] = (byte) 0x8b;
        dest[at + 2] = 8; // deflate
        dest[at + 3] = 4; // FEXTRA
        Bytes.put32(dest, at + 4, 0); // mtime
        dest[at + 8] = 0; // XFL
        dest[at + 9] = (byte) 0xff; // OS unknown
        Bytes.put16(dest, at + 10, 6); // XLEN
        dest[at + 12] = 'B';
        dest[at + 13] = 'C';
        Bytes.put16(dest, at + 14, 2);
        Bytes.put16(dest, at + 16, total - 1);
        return total;
    }

    void end() {
        deflater.end();
    }
}
