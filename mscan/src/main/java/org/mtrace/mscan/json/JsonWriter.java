package org.mtrace.mscan.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Streaming JSON writer that reproduces the original mscan layout (MSCAN.md §7): two-space indent,
 * {@code "key": value}, arrays closing with {@code " ]"} on the last item's line, {@code { }} and
 * {@code [ ]} when empty, hex numbers as {@code "0x..."} strings, floats as C {@code %f}.
 * Unlike the original, strings are escaped so the document is always valid JSON.
 *
 * <p>Usage: {@code out.key("summary").beginObject().key("total-instructions").value(n).endObject()}.
 * Inside an object every value must be preceded by {@link #key(String)}; inside an array not.
 * Characters are written as ISO-8859-1, i.e. the log's raw string bytes come out unchanged.
 */
public final class JsonWriter {
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Writer out;
    /** Per nesting level: is it an array, and has it received an item yet. */
    private final boolean[] isArray = new boolean[MAX_DEPTH];
    private final boolean[] hasItems = new boolean[MAX_DEPTH];
    private int depth = -1;
    private boolean keyPending;
    private final char[] scratch = new char[24];
    /** Output is collected here and handed to the Writer in blocks (Writer calls are costly). */
    private final char[] buf = new char[8192];
    private int used;

    public JsonWriter(Writer out) {
        this.out = out;
    }

    public JsonWriter beginObject() {
        beforeValue();
        raw('{');
        push(false);
        return this;
    }

    public JsonWriter endObject() {
        pop(false);
        if (hasItems[depth + 1]) {
            newline(depth + 1);
            raw('}');
        } else {
            raw(" }");
        }
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        raw('[');
        push(true);
        return this;
    }

    public JsonWriter endArray() {
        pop(true);
        raw(" ]");
        return this;
    }

    /** Starts an object entry; the next call writes its value. Keys may repeat (as in the original). */
    public JsonWriter key(String key) {
        if (depth < 0 || isArray[depth] || keyPending) {
            throw new IllegalStateException("key outside an object or after another key: " + key);
        }
        separator();
        string0(key);
        raw(": ");
        keyPending = true;
        return this;
    }

    /** Signed decimal. */
    public JsonWriter value(long v) {
        beforeValue();
        if (v < 0) {
            if (v == Long.MIN_VALUE) { // has no positive counterpart
                raw(Long.toString(v));
                return this;
            }
            raw('-');
            v = -v;
        }
        decimal(v);
        return this;
    }

    /** {@code null} (the report's schema: a value the run could not know). */
    public JsonWriter nullValue() {
        beforeValue();
        raw("null");
        return this;
    }

    /** {@code true} or {@code false}. */
    public JsonWriter bool(boolean b) {
        beforeValue();
        raw(b ? "true" : "false");
        return this;
    }

    /** A string, or {@code null} when {@code s} is null. */
    public JsonWriter stringOrNull(CharSequence s) {
        return s == null ? nullValue() : string(s);
    }

    /** Unsigned 64-bit decimal (e.g. differences of u64 counters that may wrap). */
    public JsonWriter unsignedValue(long v) {
        beforeValue();
        if (v < 0) {
            raw(Long.toUnsignedString(v));
        } else {
            decimal(v);
        }
        return this;
    }

    /**
     * Digits of {@code v ≥ 0}, without a String per number: sbw0 and syscall-accesses print
     * several numbers per access, and {@code Long.toString} was their largest cost.
     */
    private void decimal(long v) {
        int p = scratch.length;
        do {
            scratch[--p] = (char) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        rawChars(scratch, p, scratch.length - p);
    }

    /** {@code "0x" + lowercase hex} as a string; zero is {@code "0x0"}. */
    public JsonWriter hex(long v) {
        beforeValue();
        int p = scratch.length;
        do {
            scratch[--p] = HEX[(int) (v & 15)];
            v >>>= 4;
        } while (v != 0);
        scratch[--p] = 'x';
        scratch[--p] = '0';
        scratch[--p] = '"';
        rawChars(scratch, p, scratch.length - p);
        raw('"');
        return this;
    }

    /** Single-precision value printed like C {@code printf("%f", (double) f)}. */
    public JsonWriter floatValue(float f) {
        beforeValue();
        raw(FloatFormat.cFixed6(f));
        return this;
    }

    /** A string, escaped per RFC 8259 (documented fix: the original wrote raw bytes). */
    public JsonWriter string(CharSequence s) {
        beforeValue();
        string0(s);
        return this;
    }

    /** Writes the closing newline after the top-level value and flushes. */
    public void finishDocument() {
        if (depth != -1) {
            throw new IllegalStateException("document not closed, depth " + depth);
        }
        raw('\n');
        flush();
    }

    public void flush() {
        try {
            drain();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes open containers down to nesting {@code level} (writing {@code null} for a key that
     * got no value), so a producer that failed half-way still leaves a well-formed document.
     */
    public void unwindTo(int level) {
        if (keyPending) {
            keyPending = false;
            raw("null");
        }
        while (depth > level) {
            if (isArray[depth]) {
                endArray();
            } else {
                endObject();
            }
        }
    }

    /** Nesting depth: -1 before the top-level value, 0 inside the top-level container. */
    public int depth() {
        return depth;
    }

    private void beforeValue() {
        if (depth < 0) {
            return;
        }
        if (isArray[depth]) {
            separator();
        } else if (!keyPending) {
            throw new IllegalStateException("value inside an object without a key");
        }
        keyPending = false;
    }

    private void separator() {
        if (hasItems[depth]) {
            raw(',');
        }
        hasItems[depth] = true;
        newline(depth + 1);
    }

    private void push(boolean array) {
        if (depth + 1 >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nesting too deep");
        }
        depth++;
        isArray[depth] = array;
        hasItems[depth] = false;
    }

    private void pop(boolean array) {
        if (depth < 0 || isArray[depth] != array || keyPending) {
            throw new IllegalStateException("unbalanced " + (array ? "endArray" : "endObject"));
        }
        depth--;
    }

    private void newline(int level) {
        raw('\n');
        for (int i = 0; i < level; i++) {
            raw("  ");
        }
    }

    private void string0(CharSequence s) {
        raw('"');
        if (s instanceof String plain && !needsEscape(plain)) { // nearly every string: copied at once
            raw(plain);
            raw('"');
            return;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> raw("\\\"");
                case '\\' -> raw("\\\\");
                case '\n' -> raw("\\n");
                case '\r' -> raw("\\r");
                case '\t' -> raw("\\t");
                case '\b' -> raw("\\b");
                case '\f' -> raw("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        raw("\\u00");
                        raw(HEX[c >> 4]);
                        raw(HEX[c & 15]);
                    } else {
                        raw(c);
                    }
                }
            }
        }
        raw('"');
    }

    /** Whether {@code s} has a character {@link #string0} escapes. */
    private static boolean needsEscape(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private void raw(char c) {
        if (used == buf.length) {
            drainUnchecked();
        }
        buf[used++] = c;
    }

    /** {@code len ≤ buf.length} characters of {@code src}. */
    private void rawChars(char[] src, int off, int len) {
        if (used + len > buf.length) {
            drainUnchecked();
        }
        System.arraycopy(src, off, buf, used, len);
        used += len;
    }

    private void raw(String s) {
        int n = s.length();
        if (used + n > buf.length) {
            drainUnchecked();
            if (n > buf.length) {
                try {
                    out.write(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
        }
        s.getChars(0, n, buf, used);
        used += n;
    }

    private void drainUnchecked() {
        try {
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }
}
