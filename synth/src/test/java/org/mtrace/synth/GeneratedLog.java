package org.mtrace.synth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.EntryRecord;

/** Test helper: generates a log in memory and reads it back with the format library's strict reader. */
public final class GeneratedLog {
    public final byte[] bytes;
    public final SynthStats stats;
    public final List<EntryRecord> entries;

    private GeneratedLog(byte[] bytes, SynthStats stats, List<EntryRecord> entries) {
        this.bytes = bytes;
        this.stats = stats;
        this.entries = entries;
    }

    public static GeneratedLog of(SynthConfig config) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SynthStats stats = new Synthesizer(config).write(out);
        byte[] bytes = out.toByteArray();
        return new GeneratedLog(bytes, stats, read(bytes));
    }

    public static List<EntryRecord> read(byte[] bytes) throws IOException {
        List<EntryRecord> list = new ArrayList<>();
        try (LogReader r = LogReader.open(new ByteArrayInputStream(bytes), "generated", ReaderOptions.STRICT)) {
            while (r.next()) {
                list.add(r.entry().toRecord());
            }
        }
        return list;
    }

    /** The entries of one record class, in log order. */
    public <T extends EntryRecord> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (EntryRecord e : entries) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
