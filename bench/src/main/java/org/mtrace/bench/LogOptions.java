package org.mtrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtrace.format.cli.QuietOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every benchmark with a generated log shares (a picocli mixin): its shape, where it is
 * kept and whether an earlier one is reused, and progress on stderr.
 */
final class LogOptions {
    @Option(names = "--cpus", paramLabel = "N", defaultValue = "8", description = "CPUs in the synthetic log (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the logs are written (default: <tmpdir>/mtrace-bench)")
    Path dir;

    @Option(names = "--reuse", description = "reuse logs of an earlier run with the same parameters")
    boolean reuse;

    @Mixin
    QuietOption quiet;

    /** The log directory, created if needed. */
    Path directory() throws IOException {
        Path where = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "mtrace-bench");
        return Files.createDirectories(where);
    }

    /** A progress line on stderr, only for a person watching. */
    void progress(String message) {
        if (quiet.progress()) {
            System.err.println(message);
        }
    }
}
