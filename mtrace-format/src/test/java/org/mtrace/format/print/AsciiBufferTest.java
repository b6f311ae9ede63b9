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

    /** Every value below 10^8 against an odometer of eight digits that counts up alongside. */
    @Test
    void eightDigitsForEveryValue() {
        byte[] digits = "00000000".getBytes(StandardCharsets.US_ASCII);
        for (int v = 0; v < 100_000_000; v++) {
            long expected = org.mtrace.format.Bytes.u64(digits, 0);
            if (AsciiBuffer.dec8(v) != expected) {
                assertEquals(new String(digits, StandardCharsets.US_ASCII), Long.toHexString(AsciiBuffer.dec8(v)), "value " + v);
            }
            int i = 7;
            while (i >= 0 && digits[i] == '9') {
                digits[i--] = '0';
            }
            if (i >= 0) {
                digits[i]++;
            }
        }
    }

    /**
     * Numbers written into a template, left to right, replace exactly their digits and keep every byte
     * around them, including fields written just before.
     */
    @Test
    void templateWritesKeepTheirNeighbours() throws Exception {
        String template = "<" + "-".repeat(60) + ">";
        for (long v : samples()) {
            String dec = Long.toUnsignedString(v);
            String hex = String.format("%16s", Long.toHexString(v)).replace(' ', '0');
            assertEquals(replaceAt(template, 4, dec), inTemplate(template, (b, at) -> b.decimalAt(at + 4, v)), dec);
            assertEquals(replaceAt(template, 41 - dec.length(), dec),
                    inTemplate(template, (b, at) -> b.decimalEndingAt(at + 41, v)), dec);
            assertEquals(replaceAt(template, 3, hex), inTemplate(template, (b, at) -> b.hex016At(at + 3, v)), hex);
            // a small number, then this one right after it, then a hex field after that
            String three = replaceAt(replaceAt(replaceAt(template, 1, "7"), 22 - dec.length(), dec), 22, hex);
            assertEquals(three, inTemplate(template, (b, at) -> {
                b.decimalAt(at + 1, 7);
                b.decimalEndingAt(at + 22, v);
                b.hex016At(at + 22, v);
            }), dec);
        }
    }

    private static String replaceAt(String s, int at, String text) {
        return s.substring(0, at) + text + s.substring(at + text.length());
    }

    private static String inTemplate(String template, java.util.function.ObjIntConsumer<AsciiBuffer> write) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciiBuffer b = new AsciiBuffer(out, 128);
        b.put((byte) '#');
        int at = b.template(template.getBytes(StandardCharsets.US_ASCII));
        write.accept(b, at);
        b.flush();
        return out.toString(StandardCharsets.US_ASCII).substring(1);
    }

    @Test
    void padsEveryWidth() throws Exception {
        for (int width = 0; width <= 40; width++) {
            int w = width;
            assertEquals(String.format("%" + (w == 0 ? "" : w) + "s|", "7"), render((b, x) -> {
                b.decimalRight(x, w);
                b.put('|');
            }, 7L));
            assertEquals(String.format("%-" + (w == 0 ? 1 : w) + "s|", "7"), render((b, x) -> {
                b.decimalLeft(x, w);
                b.put('|');
            }, 7L));
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
