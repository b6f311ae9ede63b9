package org.mtrace.format.print;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.mtrace.format.Bytes;

/**
 * A large reusable output buffer that formats numbers and copies log strings
 * straight into bytes, so printing an entry allocates nothing (no
 * {@code String.format}, no {@code StringBuilder}). Printers call
 * {@link #reserve(int)} once per entry with an upper bound of the line length
 * and then append without further bounds checks; the buffer is written to the
 * underlying stream only when it is nearly full and on {@link #flush()}.
 *
 * <p>All numbers are treated as unsigned (the log's u64 fields print like C's
 * {@code %lu}/{@code %lx}). Widths pad but never truncate, like printf.
 */
public final class AsciiBuffer {
    /** Default capacity: large enough that /dev/null or a pipe sees few, big writes. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Two ASCII hex digits for every byte value, so a u64 becomes 16 digits in 8 table reads. */
    private static final byte[] HEX_PAIRS = new byte[512];
    /** Two ASCII decimal digits for 0..99, so decimal conversion divides by 100 per step. */
    private static final byte[] DEC_PAIRS = new byte[200];
    /** 10^0 .. 10^18: every power of ten a non-negative long can reach. */
    private static final long[] POW10 = new long[19];
    /** 10^19 as an unsigned 64-bit pattern: the smallest 20-digit u64. */
    private static final long TEN_POW_19 = Long.parseUnsignedLong("10000000000000000000");

    static {
        for (int i = 0; i < 256; i++) {
            HEX_PAIRS[2 * i] = HEX_DIGITS[i >>> 4];
            HEX_PAIRS[2 * i + 1] = HEX_DIGITS[i & 15];
        }
        for (int i = 0; i < 100; i++) {
            DEC_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DEC_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final OutputStream out;
    private final byte[] buf;
    private int pos;

    public AsciiBuffer(OutputStream out) {
        this(out, DEFAULT_CAPACITY);
    }

    public AsciiBuffer(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
    }

    /** Makes room for at least {@code n} more bytes, writing out the buffered bytes if needed. */
    public void reserve(int n) throws IOException {
        if (pos + n > buf.length) {
            drain();
        }
    }

    /** Writes the buffered bytes to the stream and flushes it. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Current write position; with {@link #padTo} it right-pads a field that was just written. */
    public int mark() {
        return pos;
    }

    public void put(byte b) {
        buf[pos++] = b;
    }

    /** Appends an ASCII character. */
    public void put(char c) {
        buf[pos++] = (byte) c;
    }

    /** Appends a constant (typically a preencoded literal such as {@code "  host "}). */
    public void put(byte[] literal) {
        System.arraycopy(literal, 0, buf, pos, literal.length);
        pos += literal.length;
    }

    public void spaces(int n) {
        for (int i = 0; i < n; i++) {
            buf[pos++] = ' ';
        }
    }

    /** Pads with spaces until the field that began at {@code start} is {@code width} wide (left-justification). */
    public void padTo(int start, int width) {
        spaces(start + width - pos);
    }

    /**
     * Appends a {@code char[64]} log string: its bytes up to the first NUL or
     * 64 bytes (FORMAT.md §3.2), copied verbatim like C's {@code %s}.
     */
    public void cString(byte[] src, int off) {
        int n = Bytes.stringLength(src, off);
        System.arraycopy(src, off, buf, pos, n);
        pos += n;
    }

    /** A {@code char[64]} log string right-justified in {@code width} ({@code %<width>s}, never truncated). */
    public void cStringRight(byte[] src, int off, int width) {
        int n = Bytes.stringLength(src, off);
        spaces(width - n);
        System.arraycopy(src, off, buf, pos, n);
        pos += n;
    }

    // ---- templates: a constant line copied once, fields filled in at fixed places ----

    /**
     * Copies a line template and returns where it starts; the fields are then
     * written into it with the {@code ...At} methods. One copy plus in-place
     * digits is much cheaper than a dozen small appends on the hot path.
     */
    public int template(byte[] template) {
        int start = pos;
        System.arraycopy(template, 0, buf, start, template.length);
        pos = start + template.length;
        return start;
    }

    /** Writes {@code %016lx} at {@code at} (already inside the buffered line). */
    public void hex016At(int at, long v) {
        byte[] b = buf;
        for (int shift = 56; shift >= 0; shift -= 8, at += 2) {
            int i = ((int) (v >>> shift) & 0xff) << 1;
            b[at] = HEX_PAIRS[i];
            b[at + 1] = HEX_PAIRS[i + 1];
        }
    }

    /** Writes the unsigned decimal digits of {@code v} so the last one is at {@code end - 1} (right-justified into template spaces). */
    public void decimalEndingAt(int end, long v) {
        writeDecimal(v, end);
    }

    /** Writes the unsigned decimal digits of {@code v} starting at {@code at} (left-justified into template spaces). */
    public void decimalAt(int at, long v) {
        writeDecimal(v, at + decimalDigits(v));
    }

    /** Copies {@code word} to {@code at}. */
    public void putAt(int at, byte[] word) {
        System.arraycopy(word, 0, buf, at, word.length);
    }

    // ---- hexadecimal ----

    /** {@code %016lx}: 16 lowercase hex digits, zero padded. */
    public void hex016(long v) {
        hex016At(pos, v);
        pos += 16;
    }

    /** {@code %lx}: lowercase hex without padding ({@code 0} for zero). */
    public void hex(long v) {
        hexRight(v, 0);
    }

    /** {@code %<width>lx}: lowercase hex right-justified with spaces. */
    public void hexRight(long v, int width) {
        int digits = hexDigits(v);
        spaces(width - digits);
        int end = pos + digits;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = HEX_DIGITS[(int) v & 15];
            v >>>= 4;
        }
        pos = end;
    }

    static int hexDigits(long v) {
        return v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
    }

    // ---- decimal (unsigned) ----

    /** {@code %lu}: unsigned decimal without padding. */
    public void decimal(long v) {
        int digits = decimalDigits(v);
        writeDecimal(v, pos + digits);
        pos += digits;
    }

    /** {@code %<width>lu}: unsigned decimal right-justified with spaces. */
    public void decimalRight(long v, int width) {
        int digits = decimalDigits(v);
        spaces(width - digits);
        writeDecimal(v, pos + digits);
        pos += digits;
    }

    /** {@code %-<width>lu}: unsigned decimal left-justified with spaces. */
    public void decimalLeft(long v, int width) {
        int digits = decimalDigits(v);
        writeDecimal(v, pos + digits);
        pos += digits;
        spaces(width - digits);
    }

    /** Signed decimal ({@code %d}), for the few signed fields such as call {@code ret}. */
    public void signedDecimal(long v) {
        if (v < 0) {
            put('-');
            v = -v; // Long.MIN_VALUE stays negative and then prints as its unsigned magnitude, which is correct
        }
        decimal(v);
    }

    /** Number of decimal digits of {@code v} read as unsigned. */
    static int decimalDigits(long v) {
        if (v < 0) {
            return Long.compareUnsigned(v, TEN_POW_19) >= 0 ? 20 : 19;
        }
        long w = v | 1; // same digit count as v (powers of ten above 1 are even), and 0 counts as one digit
        // floor(log10(2^bits)) via 1233/4096 ~ log10(2), then one comparison corrects it
        int bits = 64 - Long.numberOfLeadingZeros(w);
        int approx = (bits * 1233) >>> 12;
        return approx + (w >= POW10[approx] ? 1 : 0);
    }

    /** Writes the unsigned decimal digits of {@code v} backwards so that the last one lands at {@code end - 1}. */
    private void writeDecimal(long v, int end) {
        byte[] b = buf;
        int p = end;
        if (v < 0) { // above Long.MAX_VALUE: peel one digit off unsigned, the rest fits a long
            long q = Long.divideUnsigned(v, 10);
            b[--p] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            b[--p] = DEC_PAIRS[r + 1];
            b[--p] = DEC_PAIRS[r];
            v = q;
        }
        int i = (int) v; // the usual case from here on: 32-bit division is much cheaper
        while (i >= 100) {
            int q = i / 100;
            int r = (i - q * 100) << 1;
            b[--p] = DEC_PAIRS[r + 1];
            b[--p] = DEC_PAIRS[r];
            i = q;
        }
        if (i >= 10) {
            int r = i << 1;
            b[--p] = DEC_PAIRS[r + 1];
            b[--p] = DEC_PAIRS[r];
        } else {
            b[--p] = (byte) ('0' + i);
        }
    }

    /** Bytes currently buffered (for tests). */
    int buffered() {
        return pos;
    }
}
