package org.mtrace.bench;

import java.util.Locale;
import org.mtrace.format.io.Compression;
import org.mtrace.synth.SynthConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The container a benchmark's synthetic log is written in. It decides how the reader can spread
 * inflation over the cores, and so how much of an analysis' work hides behind it: one gzip stream
 * is inflated by one thread, BGZF members by every core.
 */
enum LogContainer {
    /** One gzip member at zlib's default level: the original emulator's log, read by the original mscan. */
    GZIP(Compression.GZIP, 6, ".gz", "one gzip stream at level 6, inflated by one thread"),
    /** Independent members at level 1, as {@code bin/mtrace-record} writes: inflated on every core. */
    BGZF(Compression.BGZF, SynthConfig.DEFAULT_LEVEL, ".bgzf.gz", "BGZF at level 1, inflated on every core"),
    /** Uncompressed: no inflation at all, so the pass's own cost shows; also the small warm-up log. */
    RAW(Compression.RAW, SynthConfig.DEFAULT_LEVEL, ".raw", "uncompressed");

    private final Compression compression;
    private final int level;
    private final String suffix;
    private final String description;

    LogContainer(Compression compression, int level, String suffix, String description) {
        this.compression = compression;
        this.level = level;
        this.suffix = suffix;
        this.description = description;
    }

    Compression compression() {
        return compression;
    }

    /** Deflate level the log is written with. */
    int level() {
        return level;
    }

    /** File name ending, so the two containers of the same entries are cached side by side. */
    String suffix() {
        return suffix;
    }

    String description() {
        return description;
    }

    /** Accepts gzip, bgzf and raw in any case. */
    static final class Converter implements ITypeConverter<LogContainer> {
        @Override
        public LogContainer convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected gzip, bgzf or raw, not '" + value + "'");
            }
        }
    }
}
