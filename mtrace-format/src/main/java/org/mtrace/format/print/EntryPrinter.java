package org.mtrace.format.print;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import org.mtrace.format.Entry;

/**
 * Prints log entries: one line each, or one object each in m2json's
 * document. Implementations format into a large
 * reusable buffer (see {@link AsciiBuffer}) and allocate nothing per entry;
 * output reaches the stream when the buffer fills and on {@link #flush()}.
 *
 * <pre>{@code
 * EntryPrinter p = EntryPrinter.text(out);   // out: any OutputStream; no extra buffering needed
 * while (reader.next()) {
 *     if (!p.print(reader.entry())) { ... no line format for this type ... }
 * }
 * p.finish();                               // after a clean end only (closes m2json's array)
 * p.flush();
 * }</pre>
 */
public interface EntryPrinter extends Flushable {

    /**
     * Prints one entry.
     *
     * @return false (and nothing printed) when this printer has no line for
     *     the entry's type (text printers: unknown codes; the original
     *     dialect also gc/gcepoch); the original m2text reports that on
     *     stderr as {@code print_entry: bad type N}. The JSON printers print
     *     every entry, an unknown type with its header keys only.
     */
    boolean print(Entry entry) throws IOException;

    /**
     * Ends the document after the last entry of a log that was read to its
     * end; nothing for line formats. (The original m2json closes its array
     * here and leaves it open after a read error.)
     */
    default void finish() throws IOException {
    }

    /** Writes buffered lines to the stream and flushes it. */
    @Override
    void flush() throws IOException;

    /** m2text's line format with the original's printing bugs fixed, plus gc/gcepoch lines (docs/m2text.md). */
    static EntryPrinter text(OutputStream out) {
        return new TextPrinter(new AsciiBuffer(out), TextDialect.CORRECTED);
    }

    /** The original m2text's output byte for byte, bugs included; gc/gcepoch are not printed. */
    static EntryPrinter originalText(OutputStream out) {
        return new TextPrinter(new AsciiBuffer(out), TextDialect.ORIGINAL);
    }

    /** The original m2json's document byte for byte: one pretty-printed array, its keys, no string escaping. */
    static EntryPrinter originalJson(OutputStream out) {
        return new M2jsonPrinter(new AsciiBuffer(out));
    }

    /** One JSON object per entry per line with every header and body field (docs/m2text.md). */
    static EntryPrinter jsonLines(OutputStream out) {
        return new JsonLinesPrinter(new AsciiBuffer(out));
    }
}
