package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the compilers and C drivers of the recorder's tests; a failure shows the command and its output. */
final class Commands {
    private Commands() {}

    /** The repository root (tests run in the kernel-hooks module directory). */
    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        return run(cmd, "");
    }

    /** Runs cmd with stdin, requires exit 0 within a minute, returns stdout and stderr together. */
    static String run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
