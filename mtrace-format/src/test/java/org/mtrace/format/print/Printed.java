package org.mtrace.format.print;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.EntryRecord;

/** Test helper: writes records into a log, reads it back with the real reader and prints every entry. */
final class Printed {
    private Printed() {
    }

    static byte[] log(EntryRecord... records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(bytes, Compression.RAW)) {
            for (EntryRecord r : records) {
                w.write(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The printed output of a raw log (unknown types delivered) split into lines; entries without a line are skipped. */
    static List<String> lines(Function<OutputStream, EntryPrinter> printer, byte[] rawLog) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntryPrinter p = printer.apply(out);
        try (LogReader r = LogReader.open(new ByteArrayInputStream(rawLog), "test.log",
                ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
            while (r.next()) {
                p.print(r.entry());
            }
            p.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("output does not end with a newline: " + text);
        }
        lines.remove(lines.size() - 1); // the empty string after the final newline
        return lines;
    }

    static List<String> lines(Function<OutputStream, EntryPrinter> printer, EntryRecord... records) {
        return lines(printer, log(records));
    }

    static String line(Function<OutputStream, EntryPrinter> printer, EntryRecord record) {
        List<String> l = lines(printer, record);
        if (l.size() != 1) {
            throw new AssertionError("expected one line, got " + l);
        }
        return l.get(0);
    }
}
