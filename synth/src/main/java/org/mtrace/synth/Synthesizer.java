package org.mtrace.synth;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.LogWriter;
import org.mtrace.synth.encode.EntryEncoder;
import org.mtrace.synth.encode.EntrySink;
import org.mtrace.synth.recorder.Recorder;
import org.mtrace.synth.workload.Workload;

/**
 * The generator's Java API: {@code new Synthesizer(config).write(path)} writes
 * a complete log; {@link #generate(EntrySink)} hands raw entries to any sink
 * (tests, benchmarks that want no container).
 */
public final class Synthesizer {
    private final SynthConfig config;
    private LongConsumer progress = n -> { };

    public Synthesizer(SynthConfig config) {
        this.config = config;
    }

    /** Called now and then with the number of entries written so far. */
    public Synthesizer onProgress(LongConsumer listener) {
        this.progress = listener;
        return this;
    }

    /** The fewest entries a log with this configuration's CPUs and options can have. */
    public long minimumEntries() {
        return Workload.minimumEntries(config.workloadSpec(), config.emulatorOptions());
    }

    /** Writes the log to {@code path} (created or truncated) in the configured container. */
    public SynthStats write(Path path) throws IOException {
        return write(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    }

    /** Writes the log to {@code out} in the configured container and closes {@code out}. */
    public SynthStats write(OutputStream out) throws IOException {
        CountingStream counted = new CountingStream(out);
        long start = System.nanoTime();
        EntryEncoder encoder;
        long operations;
        long accesses;
        try (LogWriter writer = LogWriter.create(counted, config.compression(), config.level())) {
            encoder = new EntryEncoder((b, n) -> {
                try {
                    writer.writeEncoded(b, 0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Recorder rec = new Recorder(encoder, config.cpus(), config.emulatorOptions());
            Workload workload = new Workload(config.workloadSpec(), rec, progress);
            try {
                workload.run();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            operations = workload.operations();
            accesses = rec.accessCount();
        }
        return stats(encoder, counted.count, operations, accesses, start);
    }

    /** Generates the entries into {@code sink} without a container. */
    public SynthStats generate(EntrySink sink) {
        long start = System.nanoTime();
        EntryEncoder encoder = new EntryEncoder(sink);
        Recorder rec = new Recorder(encoder, config.cpus(), config.emulatorOptions());
        Workload workload = new Workload(config.workloadSpec(), rec, progress);
        workload.run();
        return stats(encoder, -1, workload.operations(), rec.accessCount(), start);
    }

    private static SynthStats stats(EntryEncoder encoder, long outputBytes, long operations, long accesses,
            long start) {
        long[] counts = new long[EntryType.CODE_LIMIT];
        for (EntryType t : EntryType.values()) {
            counts[t.code()] = encoder.count(t);
        }
        return new SynthStats(counts, encoder.bytes(), outputBytes, operations, accesses,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Counts the bytes that reach the output. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
