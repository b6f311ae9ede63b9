package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.record.HostRecord;

class SynthMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SynthMain.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpDescribesEveryOptionAndExitsZero() {
        assertEquals(0, run("--help"));
        for (String opt : new String[] {"--cpus", "--entries", "--seed", "--mode", "--patterns", "--compression",
            "--calls", "--output", "--phases", "--level", "--quiet"}) {
            assertTrue(stdout().contains(opt), opt + " in " + stdout());
        }
    }

    @Test
    void writesTheRequestedLogAndASummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.log");
        assertEquals(0, run("--cpus", "3", "--entries", "5000", "--seed", "9", "--mode", "kernelscope",
                "--compression", "gzip", "--name", "demo", "-o", file.toString()));
        GeneratedLog.read(Files.readAllBytes(file)); // strict read: no error
        assertEquals(5000, GeneratedLog.read(Files.readAllBytes(file)).size());
        assertTrue(stderr().contains("5,000"), stderr());
        assertTrue(stderr().contains("access"), stderr());
        HostRecord enable = (HostRecord) GeneratedLog.read(Files.readAllBytes(file)).stream()
                .filter(e -> e instanceof HostRecord).findFirst().orElseThrow();
        assertEquals("demo", enable.accessStr());
        assertEquals(3, enable.mode());
    }

    @Test
    void dashWritesToStandardOutputAndQuietPrintsNothing() throws Exception {
        assertEquals(0, run("--entries", "3000", "--compression", "raw", "-q", "-o", "-"));
        assertEquals(3000, GeneratedLog.read(out.toByteArray()).size());
        assertEquals("", stderr());
    }

    @Test
    void badOptionsGiveOneMessageAndExitTwo() {
        assertBad("unknown mode 'fast'", "--mode", "fast", "-o", "-");
        assertBad("unknown pattern 'sharing'", "--patterns", "sharing=1", "-o", "-");
        assertBad("--cpus must be between 1 and 256", "--cpus", "0", "-o", "-");
        assertBad("--entries must be at least", "--entries", "10", "-o", "-");
        assertBad("Missing required option", "--entries", "10");
        assertBad("Unknown option", "--bogus", "-o", "-");
        assertBad("bad weight", "--patterns", "percpu=x", "-o", "-");
    }

    @Test
    void unwritableOutputNamesTheFile(@TempDir Path dir) {
        String path = dir.resolve("missing/dir/t.log").toString();
        assertBad(path, "--entries", "3000", "-o", path);
    }

    private void assertBad(String expected, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, run(args), String.join(" ", args));
        String e = stderr();
        assertTrue(e.contains(expected), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        assertTrue(e.startsWith("mtrace-synth: "), e);
        assertEquals(0, out.size());
    }
}
