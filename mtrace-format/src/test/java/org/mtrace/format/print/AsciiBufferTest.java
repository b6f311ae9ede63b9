package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Number formatting checked against the JDK's own conversions and String.format padding. */
class AsciiBufferTest {

    /** Values around every decimal and hex digit-count boundary, the sign bit, and random ones. */
    static List<Long> samples() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L,
                Long.parseUnsignedLong("10000000000000000000"), Long.parseUnsignedLong("9999999999999999999")));
        long p = 1;
        for (int k = 0; k < 19; k++) {
            v.add(p - 1);
            v.add(p);
            v.add(p + 1);
            p *= 10;
        }
        for (int bit = 0; bit < 64; bit++) {
            v.add(1L << bit);
            v.add((1L << bit) - 1);
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int k = 0; k < 2000; k++) {
            long x = r.nextLong();
            v.add(x >>> r.nextInt(64));
        }
        return v;
    }

    static String render(BiConsumer<AsciiBuffer, Long> op, long v) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciiBuffer b = new AsciiBuffer(out, 64);
        op.accept(b, v);
        b.flush();
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void conversionsMatchTheJdk() throws Exception {
        for (long v : samples()) {
            String dec = Long.toUnsignedString(v);
            String hex = Long.toHexString(v);
            assertEquals(dec, render(AsciiBuffer::decimal, v));
            assertEquals(String.format("%16s", dec), render((b, x) -> b.decimalRight(x, 16), v));
            assertEquals(String.format("%-3s", dec), render((b, x) -> b.decimalLeft(x, 3), v));
            assertEquals(Long.toString(v), render(AsciiBuffer::signedDecimal, v));
            assertEquals(hex, render(AsciiBuffer::hex, v));
            assertEquals(String.format("%16s", hex), render((b, x) -> b.hexRight(x, 16), v));
            assertEquals(String.format("%16s", hex).replace(' ', '0'), render(AsciiBuffer::hex016, v));
        }
    }

    @Test
    void writesThroughWhenFull() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciiBuffer b = new AsciiBuffer(out, 40);
        StringBuilder expected = new StringBuilder();
        for (int k = 0; k < 100; k++) {
            b.reserve(20);
            b.decimal(k);
            b.put('\n');
            expected.append(k).append('\n');
        }
        b.flush();
        assertEquals(expected.toString(), out.toString(StandardCharsets.US_ASCII));
    }
}
