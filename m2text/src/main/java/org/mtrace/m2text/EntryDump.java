package org.mtrace.m2text;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.mtrace.format.Entry;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.print.AsciiBuffer;
import org.mtrace.format.print.EntryPrinter;

/**
 * The m2text loop: pull entries from a reader, keep those the filter
 * accepts, print them until the limit. Entries the printer has no line for
 * (unknown types when reading leniently, gc/gcepoch in the original's
 * dialect) are reported on stderr as {@code print_entry: bad type N}, the
 * original's message, and skipped. Those messages are buffered (a log with
 * gc entries has tens of thousands; one write each cost more than printing
 * their entries) and written before anything else reaches stderr: a progress
 * line, an error, the end.
 */
final class EntryDump {
    private static final byte[] BAD_TYPE = "print_entry: bad type ".getBytes(StandardCharsets.US_ASCII);
    private static final int BAD_TYPE_LINE = 40;

    private final LogReader reader;
    private final EntryFilter filter;
    private final EntryPrinter printer;
    private final long limit;
    private final Progress progress;
    private final AsciiBuffer badTypes;

    /** Thrown when the output cannot be written (as opposed to the log being bad). */
    static final class OutputException extends IOException {
        private static final long serialVersionUID = 1L;

        OutputException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    EntryDump(LogReader reader, EntryFilter filter, EntryPrinter printer, long limit, PrintStream err, Progress progress) {
        this.reader = reader;
        this.filter = filter;
        this.printer = printer;
        this.limit = limit;
        this.progress = progress;
        this.badTypes = new AsciiBuffer(err, 1 << 16);
    }

    /**
     * Prints until the end of the log or the limit and flushes the output.
     *
     * @return the number of entries printed
     * @throws LogFormatException at the first bad entry, after everything before it was printed and flushed
     * @throws OutputException when writing the output fails
     */
    long run() throws IOException {
        long printed = 0;
        boolean all = filter.acceptsAll();
        try {
            while (printed < limit && reader.next()) {
                Entry e = reader.entry();
                if (all || filter.accepts(e)) {
                    if (!print(e)) {
                        badType(e);
                    }
                    printed++;
                }
                if (progress != null && (reader.entriesRead() & (Progress.CHECK_EVERY - 1)) == 0) {
                    badTypes.flush();
                    progress.update(reader.entriesRead(), reader.inputPosition(), reader.bytesRead());
                }
            }
            finish(); // only after a clean end: the original m2json leaves its array open after a read error
        } finally {
            badTypes.flush();
            if (progress != null) {
                progress.finish();
            }
            flush();
        }
        return printed;
    }

    /** {@code print_entry: bad type N}, N the header's u32 type code. */
    private void badType(Entry e) throws IOException {
        badTypes.reserve(BAD_TYPE_LINE);
        badTypes.put(BAD_TYPE);
        badTypes.decimal(Integer.toUnsignedLong(e.typeCode()));
        badTypes.put('\n');
    }

    /** False when no line was printed, or the entry's type is unknown (a JSON line then holds its header only). */
    private boolean print(Entry e) throws OutputException {
        try {
            return printer.print(e) && e.type() != null;
        } catch (IOException x) {
            throw new OutputException(x);
        }
    }

    private void finish() throws OutputException {
        try {
            printer.finish();
        } catch (IOException x) {
            throw new OutputException(x);
        }
    }

    private void flush() throws OutputException {
        try {
            printer.flush();
        } catch (IOException x) {
            throw new OutputException(x);
        }
    }
}
