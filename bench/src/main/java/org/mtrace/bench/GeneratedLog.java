package org.mtrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A benchmark log written once under a name that encodes its parameters. It is written under a
 * temporary name and renamed when complete, so an interrupted run is never reused as a whole log.
 */
final class GeneratedLog {
    /** Writes the log to the given (temporary) path. */
    @FunctionalInterface
    interface Writer {
        void write(Path partial) throws IOException;
    }

    private GeneratedLog() {
    }

    /** Makes sure {@code path} holds the log; returns false if an earlier one was reused. */
    static boolean ensure(Path path, boolean reuse, Writer writer) throws IOException {
        if (reuse && Files.isRegularFile(path)) {
            return false;
        }
        Path partial = path.resolveSibling(path.getFileName() + ".partial");
        writer.write(partial);
        Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
