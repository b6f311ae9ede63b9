package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a BGZF log member by member with the JDK's inflater, independently of the project's
 * reader, asserting the container rules on the way: gzip magic, FEXTRA with one 'BC' subfield
 * (XLEN 6), member size = BSIZE + 1, CRC-32 and ISIZE of the payload, payload of whole entries.
 */
final class BgzfMembers {
    /** One member: where it starts, its size, its payload length and the entries it holds. */
    record Member(int offset, int size, int payload, long entries) {
        int end() {
            return offset + size;
        }
    }

    private BgzfMembers() {}

    static List<Member> of(byte[] file) throws DataFormatException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Member> members = new ArrayList<>();
        int pos = 0;
        while (pos < file.length) {
            assertEquals(0x8b1f, b.getShort(pos) & 0xffff, "gzip magic at " + pos);
            assertEquals(4, file[pos + 3], "FEXTRA flag at " + pos);
            assertEquals(6, b.getShort(pos + 10), "XLEN at " + pos);
            assertEquals('B', file[pos + 12]);
            assertEquals('C', file[pos + 13]);
            assertEquals(2, b.getShort(pos + 14));
            int size = (b.getShort(pos + 16) & 0xffff) + 1;
            assertTrue(pos + size <= file.length, "member at " + pos + " runs past the end");
            byte[] data = inflate(file, pos + 18, size - 26);
            CRC32 crc = new CRC32();
            crc.update(data);
            assertEquals((int) crc.getValue(), b.getInt(pos + size - 8), "CRC of member at " + pos);
            assertEquals(data.length, b.getInt(pos + size - 4), "ISIZE of member at " + pos);
            members.add(new Member(pos, size, data.length, countWholeEntries(data, pos)));
            pos += size;
        }
        return members;
    }

    private static byte[] inflate(byte[] file, int off, int len) throws DataFormatException {
        Inflater inf = new Inflater(true);
        inf.setInput(file, off, len);
        byte[] out = new byte[70_000];
        int n = inf.inflate(out);
        assertTrue(inf.finished(), "deflate stream did not end inside its member");
        inf.end();
        return Arrays.copyOf(out, n);
    }

    /** Walks one member's payload by the entries' size fields; it must end on an entry boundary. */
    private static long countWholeEntries(byte[] data, int memberOffset) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        long n = 0;
        while (p < data.length) {
            int size = b.getShort(p + 4) & 0xffff;
            assertTrue(size >= 24 && size <= 124, "entry size " + size);
            p += size;
            n++;
        }
        assertEquals(data.length, p, "member at " + memberOffset + " splits an entry");
        return n;
    }
}
