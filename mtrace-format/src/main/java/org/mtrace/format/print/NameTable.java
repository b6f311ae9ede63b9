package org.mtrace.format.print;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.mtrace.format.Coded;
import org.mtrace.format.EntryType;

/**
 * The words a printer uses for the values of one log enumeration, preencoded
 * as ASCII and indexed by the logged number. A value without a word is
 * printed either as a fixed replacement (the original's {@code (null)}) or,
 * when there is none, as its decimal number, so nothing logged is lost.
 */
final class NameTable {
    private final byte[][] byCode;
    private final byte[] missing;

    private NameTable(byte[][] byCode, byte[] missing) {
        this.byCode = byCode;
        this.missing = missing;
    }

    /** Every defined value by its spelling; undefined values as decimal numbers. */
    static NameTable spelling(Coded[] values) {
        return build(values, Set.of(), null);
    }

    /**
     * The original tools' table: {@code absent} values have no entry in the C
     * name array, and glibc prints a NULL {@code char*} as {@code (null)}; the
     * same text stands for every other value outside the table (reading past
     * the array is undefined in the original).
     */
    static NameTable original(Coded[] values, Set<? extends Coded> absent) {
        return build(values, absent, ascii("(null)"));
    }

    /**
     * Explicit words indexed by code ({@code null} where a code has none), and
     * the text printed for every code without a word.
     */
    static NameTable words(String missing, String... byCode) {
        byte[][] table = new byte[byCode.length][];
        for (int code = 0; code < byCode.length; code++) {
            table[code] = byCode[code] == null ? null : ascii(byCode[code]);
        }
        return new NameTable(table, ascii(missing));
    }

    /** Entry type spellings ({@code access}, {@code gcepoch}); unknown codes as decimal numbers. */
    static NameTable entryTypes() {
        byte[][] byCode = new byte[EntryType.CODE_LIMIT][];
        for (EntryType t : EntryType.values()) {
            byCode[t.code()] = ascii(t.spelling());
        }
        return new NameTable(byCode, null);
    }

    private static NameTable build(Coded[] values, Set<? extends Coded> absent, byte[] missing) {
        int max = 0;
        for (Coded v : values) {
            max = Math.max(max, v.code());
        }
        byte[][] byCode = new byte[max + 1][];
        for (Coded v : values) {
            if (!absent.contains(v)) {
                byCode[v.code()] = ascii(v.spelling());
            }
        }
        return new NameTable(byCode, missing);
    }

    /** The word for {@code code}, or null when the value has none in this table. */
    byte[] word(long code) {
        return code >= 0 && code < byCode.length ? byCode[(int) code] : null;
    }

    /** Appends the word for {@code code}, its replacement, or its decimal value. */
    void write(AsciiBuffer out, long code) {
        byte[] w = word(code);
        if (w != null) {
            out.put(w);
        } else if (missing != null) {
            out.put(missing);
        } else {
            out.decimal(code);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
