package org.mtrace.mscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * An analysis's bug, seen from the command line: bin/mscan's entry point, in its own JVM, finds the
 * buggy test analyses ({@link TestAnalyses}) through a services file on its class path like any other
 * (one this test writes, so that the test jar other modules use does not register them), and must end with
 * exit status 70 and exactly one stderr line naming the entry, the analysis and the exception
 * (docs/mscan.md "Exit status"), while the other analyses still print everything they saw.
 * Byte offsets follow FORMAT.md §2.1's entry sizes: host 108, access 54.
 */
class InternalErrorTest {
    @TempDir
    static Path dir;
    static Path log;
    /** A class path entry holding only the services file that registers {@link TestAnalyses}. */
    static Path services;

    private record Run(int status, String stdout, List<String> stderr) {
    }

    @BeforeAll
    static void writeLogAndServices() throws IOException {
        services = dir.resolve("services");
        Path file = services.resolve("META-INF/services/" + AnalysisProvider.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", TestAnalyses.CountAccesses.class.getName(),
                TestAnalyses.BuggyHandler.class.getName(), TestAnalyses.BuggyFinish.class.getName()) + "\n");
        log = dir.resolve("t.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.mode(0, 1, 1, "t").load(0, 10, 0x1000, 8, true).load(0, 11, 0x1000, 8, true)
                    .load(1, 12, 0x2000, 8, true);
        }
    }

    private static Run mscan(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + services, MscanMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout"), err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mscan did not end");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    /**
     * Exit 70, one stderr line starting with {@code lineStart} and ending as the toolkit's internal
     * errors do, and count-accesses's full result: the buggy analysis stops alone.
     */
    private static void assertInternalError(String buggy, String lineStart) throws Exception {
        Run r = mscan("--quiet", "count-accesses", buggy, log.toString());
        assertEquals(70, r.status(), r.toString());
        assertEquals(1, r.stderr().size(), r.toString());
        String line = r.stderr().get(0);
        assertTrue(line.startsWith(lineStart), line);
        assertTrue(line.endsWith("; please report it"), line);
        assertEquals("{\n  \"count-accesses\": 3\n}\n", r.stdout());
    }

    @Test
    void aHandlersBugExits70WithOneLineAndTheOthersResults() throws Exception {
        assertInternalError("buggy-handler", "mscan: " + log + ": entry 2 at byte offset 162: buggy-handler: "
                + "internal error: java.lang.IllegalStateException: bug on the second access (at ");
    }

    @Test
    void aBugWhileWritingExits70WithOneLineAndTheOthersResults() throws Exception {
        assertInternalError("buggy-finish", "mscan: " + log + ": entry 4 at byte offset 270 (end of the log): "
                + "buggy-finish: internal error: java.lang.IllegalStateException: bug while writing (at ");
    }

    @Test
    void withoutTheBuggyOnesAllIsWell() throws Exception {
        Run r = mscan("--quiet", "count-accesses", log.toString());
        assertEquals(new Run(0, "{\n  \"count-accesses\": 3\n}\n", List.of()), r);
    }
}
