package org.mtrace.format.print;

import java.io.IOException;
import java.io.OutputStream;
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
 *
 * <p>Digits are made eight at a time in one {@code long} (SWAR: a lane per
 * byte) and stored with one 8-byte write, and padding is two 8-byte writes
 * of spaces. Besides being several times faster than a digit loop, this keeps
 * the formatting code free of loops: C2 spent more time optimising the many
 * inlined copies of digit loops in the printers than m2text spent printing ten
 * million entries. The price is that a write may touch up to {@link #SLACK}
 * bytes past the end of what it appends (bytes that later appends overwrite);
 * {@link #reserve(int)} keeps that room.
 */
public final class AsciiBuffer {
    /** Default capacity: large enough that /dev/null or a pipe sees few, big writes. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Bytes past the appended text that an append may scribble on (padding writes 16 spaces). */
    static final int SLACK = 16;

    private static final long ZEROS = 0x3030303030303030L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long ONES = 0x0101010101010101L;
    private static final int TEN_POW_8 = 100_000_000;
    /** 10^0 .. 10^18: every power of ten a non-negative long can reach. */
    private static final long[] POW10 = new long[19];
    /** 10^19 as an unsigned 64-bit pattern: the smallest 20-digit u64. */
    private static final long TEN_POW_19 = Long.parseUnsignedLong("10000000000000000000");

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    /** The last {@link #template} and where it was copied to: the bytes that numbers written into it merge with. */
    private byte[] template = new byte[0];
    private int templateStart;

    public AsciiBuffer(OutputStream out) {
        this(out, DEFAULT_CAPACITY);
    }

    public AsciiBuffer(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
    }

    /** Makes room for at least {@code n} more bytes, writing out the buffered bytes if needed. */
    public void reserve(int n) throws IOException {
        if (pos + n + SLACK > buf.length) {
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

    /** Appends {@code n} spaces (none when {@code n <= 0}). */
    public void spaces(int n) {
        if (n <= 0) {
            return;
        }
        if (n <= 16) { // every width the printers use
            Bytes.put64(buf, pos, SPACES);
            Bytes.put64(buf, pos + 8, SPACES);
        } else {
            java.util.Arrays.fill(buf, pos, pos + n, (byte) ' ');
        }
        pos += n;
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
     * written into it with the {@code ...At} methods, from left to right. One
     * copy plus in-place digits is much cheaper than a dozen small appends on
     * the hot path. A number written into the template is merged with the
     * template's own bytes (not with the buffer, which the copy has just
     * written: reading those back stalls on store forwarding), so every
     * number must start at least 8 bytes before the template's end.
     */
    public int template(byte[] template) {
        int start = pos;
        System.arraycopy(template, 0, buf, start, template.length);
        pos = start + template.length;
        this.template = template;
        this.templateStart = start;
        return start;
    }

    /** Writes 8 bytes given as a little-endian long at {@code at} (a precomputed piece of a template line). */
    public void put64At(int at, long bytes) {
        Bytes.put64(buf, at, bytes);
    }

    /** Writes {@code %016lx} at {@code at} (already inside the buffered line). */
    public void hex016At(int at, long v) {
        Bytes.put64(buf, at, hex8((int) (v >>> 32)));
        Bytes.put64(buf, at + 8, hex8((int) v));
    }

    /**
     * Writes the unsigned decimal digits of {@code v} so the last one is at {@code end - 1}
     * (right-justified into template spaces); the bytes around them are kept.
     */
    public void decimalEndingAt(int end, long v) {
        writeDecimal(v, end, decimalDigits(v), true);
    }

    /** Writes the unsigned decimal digits of {@code v} starting at {@code at} (left-justified into template spaces). */
    public void decimalAt(int at, long v) {
        int digits = decimalDigits(v);
        writeDecimal(v, at + digits, digits, true);
    }

    // ---- hexadecimal ----

    /** {@code %016lx}: 16 lowercase hex digits, zero padded. */
    public void hex016(long v) {
        hex016At(pos, v);
        pos += 16;
    }

    /** {@code %lx}: lowercase hex without padding ({@code 0} for zero). */
    public void hex(long v) {
        int digits = hexDigits(v);
        appendHex(v, digits);
    }

    /** {@code %<width>lx}: lowercase hex right-justified with spaces. */
    public void hexRight(long v, int width) {
        int digits = hexDigits(v);
        spaces(width - digits);
        appendHex(v, digits);
    }

    /** Appends the {@code digits} low hex digits of {@code v}; the 8-byte stores may run past them. */
    private void appendHex(long v, int digits) {
        int at = pos;
        if (digits <= 8) {
            Bytes.put64(buf, at, hex8((int) v) >>> ((8 - digits) << 3));
        } else {
            Bytes.put64(buf, at, hex8((int) (v >>> 32)) >>> ((16 - digits) << 3));
            Bytes.put64(buf, at + digits - 8, hex8((int) v));
        }
        pos = at + digits;
    }

    static int hexDigits(long v) {
        return v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
    }

    /**
     * The 8 hex digits of {@code v} (zero padded) as ASCII in a little-endian
     * long: the first digit in the lowest byte, ready for one 8-byte store.
     */
    static long hex8(int v) {
        long x = v & 0xffffffffL;
        // spread the nibbles into bytes: byte i = nibble i (least significant first)
        x = (x | (x << 16)) & 0x0000ffff0000ffffL;
        x = (x | (x << 8)) & 0x00ff00ff00ff00ffL;
        x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fL;
        long letters = ((x + 0x0606060606060606L) >>> 4) & ONES; // 1 in each byte holding 10..15
        x += ZEROS + letters * ('a' - '0' - 10);
        return Long.reverseBytes(x); // most significant digit first in memory
    }

    // ---- decimal (unsigned) ----

    /** {@code %lu}: unsigned decimal without padding. */
    public void decimal(long v) {
        int digits = decimalDigits(v);
        writeDecimal(v, pos + digits, digits, false);
        pos += digits;
    }

    /** {@code %<width>lu}: unsigned decimal right-justified with spaces. */
    public void decimalRight(long v, int width) {
        int digits = decimalDigits(v);
        spaces(width - digits);
        writeDecimal(v, pos + digits, digits, false);
        pos += digits;
    }

    /** {@code %-<width>lu}: unsigned decimal left-justified with spaces. */
    public void decimalLeft(long v, int width) {
        int digits = decimalDigits(v);
        writeDecimal(v, pos + digits, digits, false);
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

    /**
     * Writes the {@code digits} unsigned decimal digits of {@code v} so that the last one
     * lands at {@code end - 1}: the leading group of 1..8 digits first, then whole groups of
     * eight, each store overwriting what the one before wrote past its digits.
     */
    private void writeDecimal(long v, int end, int digits, boolean intoTemplate) {
        if (digits <= 8) {
            leadingDigits(end, digits, (int) v, intoTemplate);
            return;
        }
        // unsigned v / 10^8 as (v / 2) / (10^8 / 2): Java 17's Long.divideUnsigned goes through
        // BigInteger, which C2 inlined into every printer (16 KB of bytecode into TextPrinter.lock)
        long high = (v >>> 1) / (TEN_POW_8 / 2);
        int low = (int) (v - high * TEN_POW_8);
        if (digits <= 16) {
            leadingDigits(end - 8, digits - 8, (int) high, intoTemplate);
        } else {
            long top = high / TEN_POW_8;
            leadingDigits(end - 16, digits - 16, (int) top, intoTemplate);
            Bytes.put64(buf, end - 16, dec8((int) (high - top * TEN_POW_8)));
        }
        Bytes.put64(buf, end - 8, dec8(low));
    }

    /**
     * Writes the last {@code digits} (1..8) digits of {@code v < 10^8} ending at {@code end - 1}
     * with one 8-byte store from the first digit. Appending, the bytes after the digits are
     * scratch; in a template they are the template's, merged in.
     */
    private void leadingDigits(int end, int digits, int v, boolean intoTemplate) {
        int start = end - digits;
        int unused = (8 - digits) << 3;
        long d = dec8(v) >>> unused;
        if (intoTemplate) {
            d |= Bytes.u64(template, start - templateStart) & ~(-1L >>> unused);
        }
        Bytes.put64(buf, start, d);
    }

    /**
     * The 8 decimal digits of {@code v} (0 <= v < 10^8, zero padded) as ASCII in
     * a little-endian long, first digit in the lowest byte: the number is split
     * into two 4-digit halves (32-bit lanes), each into 2-digit pairs (16-bit
     * lanes), each into digits (bytes), dividing by 100 and 10 with
     * multiply-and-shift, exact in these ranges (checked for every value in the tests).
     */
    static long dec8(int v) {
        long x = (v / 10000) | ((long) (v % 10000) << 32);
        long hundreds = ((x * 10486) >>> 20) & 0x0000007f0000007fL;
        x = hundreds | ((x - 100 * hundreds) << 16);
        long tens = ((x * 103) >>> 10) & 0x000f000f000f000fL;
        x = tens | ((x - 10 * tens) << 8);
        return x + ZEROS;
    }

    /** Bytes currently buffered (for tests). */
    int buffered() {
        return pos;
    }
}
