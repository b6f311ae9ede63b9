package org.mtrace.mscan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The tests' one way to run a tool (gcc, nm, addr2line, readelf, a compiled fixture) whose output
 * is an independent expectation: standard output and error together, a minute at most, exit 0.
 */
public final class Commands {
    private Commands() {
    }

    /** Runs {@code cmd} and returns its output, trimmed; fails the test if it does not exit 0 within a minute. */
    public static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + ": still running after a minute");
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }
}
