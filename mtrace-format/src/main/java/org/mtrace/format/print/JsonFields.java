package org.mtrace.format.print;

import static org.mtrace.format.print.NameTable.ascii;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;

/**
 * Writes {@code key: value} pairs of the JSON printers into an
 * {@link AsciiBuffer}. Keys come preencoded with whatever separator and
 * indentation the printer's layout wants in front of them, so one set of
 * value writers serves both the compact JSON lines and m2json's layout.
 */
final class JsonFields {
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX_PREFIX = ascii("\"0x");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private final AsciiBuffer out;

    JsonFields(AsciiBuffer out) {
        this.out = out;
    }

    /** Unsigned decimal number. */
    void number(byte[] key, long unsigned) {
        out.put(key);
        out.decimal(unsigned);
    }

    /** Signed decimal number. */
    void signed(byte[] key, long v) {
        out.put(key);
        out.signedDecimal(v);
    }

    /** {@code "0x…"}: lowercase hex without padding. */
    void hex(byte[] key, long v) {
        out.put(key);
        out.put(HEX_PREFIX);
        out.hex(v);
        out.put('"');
    }

    /** {@code true}/{@code false}. */
    void bool(byte[] key, boolean v) {
        out.put(key);
        out.put(v ? TRUE : FALSE);
    }

    /** {@code 1}/{@code 0}. */
    void bit(byte[] key, boolean v) {
        out.put(key);
        out.put(v ? '1' : '0');
    }

    /** The word for an enumeration value, as a string. */
    void word(byte[] key, NameTable names, long code) {
        out.put(key);
        out.put('"');
        names.write(out, code);
        out.put('"');
    }

    /** A {@code char[64]} field as a JSON string (RFC 8259 §7): bytes read as ISO-8859-1, output printable ASCII. */
    void escaped(byte[] key, Entry e, int field) {
        out.put(key);
        out.put('"');
        byte[] b = e.buffer();
        int off = e.position() + field;
        int n = Bytes.stringLength(b, off);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xff;
            if (c == '"' || c == '\\') {
                out.put('\\');
                out.put((byte) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.put((byte) c);
            } else {
                escape(c);
            }
        }
        out.put('"');
    }

    /** A {@code char[64]} field between quotes without escaping (the original tools' behaviour). */
    void raw(byte[] key, Entry e, int field) {
        out.put(key);
        out.put('"');
        out.cString(e.buffer(), e.position() + field);
        out.put('"');
    }

    private void escape(int c) {
        out.put('\\');
        switch (c) {
            case '\b' -> out.put('b');
            case '\f' -> out.put('f');
            case '\n' -> out.put('n');
            case '\r' -> out.put('r');
            case '\t' -> out.put('t');
            default -> {
                out.put('u');
                out.put('0');
                out.put('0');
                out.put(HEX[c >>> 4]);
                out.put(HEX[c & 15]);
            }
        }
    }
}
