package org.mtrace.format.io;

import java.io.IOException;
import org.mtrace.format.Bytes;

/**
 * Parses one gzip member header (RFC 1952 §2.3). Besides the standard
 * fields it picks up the BGZF extra subfield ({@code 'B','C'}, 2 bytes:
 * member size minus one) that our writer puts in every member so readers
 * can find member boundaries without inflating.
 */
final class GzipHeader {
    static final int ID1 = 0x1f;
    static final int ID2 = 0x8b;
    private static final int FTEXT = 1;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    /** Fixed header (10), XLEN (2) and one BGZF subfield (6). */
    private static final int BGZF_MIN_HEADER = 18;

    private GzipHeader() {
    }

    /**
     * Consumes a member header at the buffer's position. Returns the whole
     * member size from the BGZF subfield, or -1 when the member has none.
     */
    static int parse(InputBuffer in) throws IOException {
        if (!in.ensure(10)) {
            throw new ContainerException(Problem.TRUNCATED_GZIP, "gzip header truncated at file offset " + in.position());
        }
        long start = in.position();
        int id1 = in.u8();
        int id2 = in.u8();
        int cm = in.u8();
        int flg = in.u8();
        if (id1 != ID1 || id2 != ID2 || cm != 8) {
            throw new ContainerException(Problem.CORRUPT_GZIP, "bad gzip header at file offset " + start);
        }
        in.pos += 6; // mtime, xfl, os
        int bsize = -1;
        if ((flg & FEXTRA) != 0) {
            if (!in.ensure(2)) {
                throw truncated(in);
            }
            int xlen = in.u16();
            if (!in.ensure(xlen)) {
                throw truncated(in);
            }
            int end = in.pos + xlen;
            while (in.pos + 4 <= end) {
                int si1 = in.u8();
                int si2 = in.u8();
                int slen = in.u16();
                if (si1 == 'B' && si2 == 'C' && slen == 2 && in.pos + 2 <= end) {
                    bsize = in.u16() + 1;
                    in.pos += slen - 2;
                } else {
                    in.pos += slen;
                }
            }
            in.pos = end;
        }
        if ((flg & FNAME) != 0) {
            skipZeroTerminated(in);
        }
        if ((flg & FCOMMENT) != 0) {
            skipZeroTerminated(in);
        }
        if ((flg & FHCRC) != 0) {
            if (!in.ensure(2)) {
                throw truncated(in);
            }
            in.pos += 2;
        }
        return bsize;
    }

    private static void skipZeroTerminated(InputBuffer in) throws IOException {
        while (true) {
            if (!in.ensure(1)) {
                throw truncated(in);
            }
            if (in.u8() == 0) {
                return;
            }
        }
    }

    private static ContainerException truncated(InputBuffer in) {
        return new ContainerException(Problem.TRUNCATED_GZIP, "gzip header truncated at file offset " + in.position());
    }

    /**
     * Peeks at the member starting at the input position without consuming
     * it: returns its whole size if it is a member that can be inflated on
     * its own (a plain header whose only optional part is an extra field
     * with the BGZF subfield, the whole member present, and followed by the
     * end of input or another member), else -1. On -1 the member is left for
     * sequential decoding, which also reports any fault in it.
     */
    static int bgzfMemberSize(InputBuffer in) throws IOException {
        if (!in.ensure(BGZF_MIN_HEADER)) {
            return -1;
        }
        byte[] b = in.buf;
        int p = in.pos;
        int flg = b[p + 3] & 0xff;
        if ((b[p] & 0xff) != ID1 || (b[p + 1] & 0xff) != ID2 || b[p + 2] != 8
                || (flg & ~FTEXT) != FEXTRA) {
            return -1;
        }
        int xlen = Bytes.u16(b, p + 10);
        int headerLength = 12 + xlen;
        if (!in.ensure(headerLength)) {
            return -1;
        }
        b = in.buf;
        p = in.pos;
        int size = -1;
        for (int q = p + 12, end = p + headerLength; q + 4 <= end; ) {
            int slen = Bytes.u16(b, q + 2);
            if (b[q] == 'B' && b[q + 1] == 'C' && slen == 2 && q + 6 <= end) {
                size = Bytes.u16(b, q + 4) + 1;
            }
            q += 4 + slen;
        }
        if (size < headerLength + 8 + 2) { // header, a minimal deflate stream, trailer
            return -1;
        }
        if (in.ensure(size + 2)) {
            int next = in.pos + size;
            if ((in.buf[next] & 0xff) != ID1 || (in.buf[next + 1] & 0xff) != ID2) {
                return -1; // trailing bytes, or a size field that does not land on the next member
            }
        } else if (in.available() != size) {
            return -1; // truncated member or a single trailing byte
        }
        return size;
    }

    /** The ISIZE trailer field (uncompressed length mod 2^32) of the member of {@code size} bytes at the input position. */
    static long isize(InputBuffer in, int size) {
        return Bytes.u32(in.buf, in.pos + size - 4);
    }

    /** Header length of a member accepted by {@link #bgzfMemberSize}: fixed part, XLEN and the extra field. */
    static int bgzfHeaderLength(byte[] b, int memberStart) {
        return 12 + Bytes.u16(b, memberStart + 10);
    }

    /** True if the next two bytes start another gzip member. */
    static boolean atMember(InputBuffer in) throws IOException {
        return in.ensure(2) && (in.buf[in.pos] & 0xff) == ID1 && (in.buf[in.pos + 1] & 0xff) == ID2;
    }
}
