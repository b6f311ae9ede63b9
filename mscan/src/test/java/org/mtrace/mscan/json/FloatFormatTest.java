package org.mtrace.mscan.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FloatFormatTest {
    @Test
    void roundsHalfToEvenLikeGlibc() {
        // 1/128 = 0.0078125 exactly: glibc prints 0.007812 (tie to even), String.format 0.007813
        assertEquals("0.007812", FloatFormat.cFixed6(1f / 128f));
        assertEquals("0.666667", FloatFormat.cFixed6(2f / 3f));
        assertEquals("3.000000", FloatFormat.cFixed6(3f));
        assertEquals("0.000000", FloatFormat.cFixed6(0f));
        // 0.1f is 0.100000001490116...: widened exactly, not the decimal 0.1
        assertEquals("0.100000", FloatFormat.cFixed6(0.1f));
        assertEquals("16777216.000000", FloatFormat.cFixed6(16777217f));
    }
}
