package org.mtrace.mscan.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** --stack-trace-pc values: hexadecimal with optional 0x (MSCAN.md §1.1). */
class UnsignedParseHexTest {
    @Test
    void hexWithOptionalPrefixAndLeadingZeros() {
        assertEquals(0xffffffff81000400L, Unsigned.parseHex("ffffffff81000400"));
        assertEquals(0xffffffff81000400L, Unsigned.parseHex("0xFFFFFFFF81000400"));
        assertEquals(0xffffffff81000400L, Unsigned.parseHex("0x0000ffffffff81000400"));
        assertEquals(0L, Unsigned.parseHex("0x0"));
        assertEquals(0L, Unsigned.parseHex("000"));
        assertEquals(0x20L, Unsigned.parseHex("20"));
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : new String[] {"", "0x", "xyz", "1ffffffff81000400", "0x12g"}) {
            assertThrows(IllegalArgumentException.class, () -> Unsigned.parseHex(bad), bad);
        }
    }
}
