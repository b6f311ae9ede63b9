package org.mtrace.synth.encode;

import org.mtrace.format.Bytes;

/**
 * A {@code char[64]} string field encoded once, so writing it into an entry is
 * a plain array copy (the generator writes millions of names and must not
 * allocate per entry).
 */
public final class FixedString {
    private final byte[] field = new byte[Bytes.STRING_FIELD];
    private final String text;

    private FixedString(String text, boolean terminate) {
        this.text = text;
        Bytes.putString(field, 0, text, terminate);
    }

    /** A NUL-terminated field (label, host, lock, task strings: at most 63 bytes kept). */
    public static FixedString terminated(String text) {
        return new FixedString(text, true);
    }

    /** A name that may use all 64 bytes without a terminator (ascope, avar, gc names). */
    public static FixedString name(String text) {
        return new FixedString(text, false);
    }

    /** Copies the 64-byte field to {@code off} in {@code b}. */
    void copyTo(byte[] b, int off) {
        System.arraycopy(field, 0, b, off, Bytes.STRING_FIELD);
    }

    /** The text as given (truncated only in the encoded field). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
