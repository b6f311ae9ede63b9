package org.mtrace.format.io;

import java.io.IOException;

/**
 * Parses one gzip member header (RFC 1952 §2.3). Besides the standard
 * fields it picks up the BGZF extra subfield ({@code 'B','C'}, 2 bytes:
 * member size minus one) that our writer puts in every member so readers
 * can find member boundaries without inflating.
 */
final class GzipHeader {
    static final int ID1 = 0x1f;
    static final int ID2 = 0x8b;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

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

    /** True if the next two bytes start another gzip member. */
    static boolean atMember(InputBuffer in) throws IOException {
        return in.ensure(2) && (in.buf[in.pos] & 0xff) == ID1 && (in.buf[in.pos + 1] & 0xff) == ID2;
    }
}
