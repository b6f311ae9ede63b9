package org.mtrace.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Bytes#stringLength} (read eight bytes at a time) against a byte-by-byte scan. */
class BytesTest {

    /** The first NUL in the 64-byte field at {@code off}, one byte at a time. */
    private static int firstNul(byte[] b, int off) {
        int n = 0;
        while (n < Bytes.STRING_FIELD && b[off + n] != 0) {
            n++;
        }
        return n;
    }

    @Test
    void nulAtEveryPositionAfterEveryByteValue() {
        byte[] b = new byte[3 + Bytes.STRING_FIELD];
        for (int value = 1; value < 256; value++) {
            for (int nul = 0; nul <= Bytes.STRING_FIELD; nul++) {
                java.util.Arrays.fill(b, (byte) value);
                if (nul < Bytes.STRING_FIELD) {
                    b[3 + nul] = 0;
                }
                assertEquals(nul, Bytes.stringLength(b, 3), "byte " + value + ", NUL at " + nul);
            }
        }
    }

    @Test
    void randomFieldsWithSeveralNuls() {
        // bytes 0x00, 0x01 and 0x80 next to each other are where a word-at-a-time NUL test can go wrong
        byte[] alphabet = {0, 1, 1, (byte) 0x80, (byte) 0x81, (byte) 0xff, 'a', 0x7f};
        SplittableRandom r = new SplittableRandom(7);
        byte[] b = new byte[Bytes.STRING_FIELD + 5];
        for (int k = 0; k < 200_000; k++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(4) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) (1 + r.nextInt(255));
            }
            int off = r.nextInt(6);
            assertEquals(firstNul(b, off), Bytes.stringLength(b, off));
        }
    }
}
