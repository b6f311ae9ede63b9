package org.mtrace.analyses.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.MscanCli;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * docs/architecture.md's worked example: an analysis added as that page says (two classes and a
 * services line, here on the test class path) is reachable from the command line, listed by
 * --list and --help, checked for its requirements, and ordered by its own rank. Nothing in mscan
 * names it.
 */
class ExampleAnalysisTest {
    @TempDir
    Path dir;
    String stdout;
    String stderr;

    private int run(String... args) {
        MscanCli.Run r = MscanCli.run(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.status();
    }

    /** CPU 0 makes 3 accesses and CPU 2 one while recording; CPU 1's access comes after the disable. */
    private Path log() throws Exception {
        Path log = dir.resolve("three.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.mode(0, 1, 100, "w").store(0, 0x10, 0x1000, 8, true).load(0, 0x11, 0x1008, 8, true)
                    .store(2, 0x12, 0x1010, 4, true).load(0, 0x13, 0x1040, 8, true)
                    .mode(0, 0, 300, "").store(1, 0x14, 0x1000, 8, true);
        }
        return log;
    }

    @Test
    void runsByNameAfterTheOriginalAnalysesByRank() throws Exception {
        Path log = log();
        assertEquals(0, run("accesses-per-cpu", "summary", "--quiet", log.toString()), stderr);
        assertEquals("""
                {
                  "summary": {
                    "total-instructions": 200
                  },
                  "accesses-per-cpu": [
                    3,
                    0,
                    1 ]
                }
                """, stdout);
        assertEquals("", stderr);
    }

    @Test
    void listedWithItsDescription() {
        assertEquals(0, run("--list"));
        List<String> lines = stdout.lines().toList();
        assertEquals("  accesses-per-cpu       Accesses per CPU while recording", lines.get(lines.size() - 1));
        assertEquals("  distinct-sys           Average distinct cache lines per syscall", lines.get(0));
        assertEquals(0, run("--help"));
        assertTrue(stdout.contains("\n  accesses-per-cpu       Accesses per CPU while recording\n"), stdout);
    }

    @Test
    void misspeltAndUnmetLikeAnyOther() throws Exception {
        Path log = log();
        assertEquals(2, run("accesses-per-cpus", log.toString()));
        assertEquals("mscan: unknown analysis 'accesses-per-cpus' (did you mean accesses-per-cpu?)\n", stderr);
        Path idle = dir.resolve("idle.gz");
        try (ScenarioLog s = ScenarioLog.create(idle)) {
            s.store(0, 0x10, 0x1000, 8, true);
        }
        assertEquals(1, run("accesses-per-cpu", "--quiet", idle.toString()));
        assertEquals("{\n  \"accesses-per-cpu\": [ ]\n}\n", stdout);
        assertTrue(stderr.startsWith("mscan: accesses-per-cpu: needs recording enabled"), stderr);
    }

    @Test
    void notAnOptionOfTheOriginalsCommandLine() throws Exception {
        // the original's option table fixes that style's prefix rules: new analyses are words only
        assertEquals(2, run("--mtrace-log-file=" + log(), "--accesses-per-cpu"));
        assertTrue(stderr.startsWith("unrecognized option '--accesses-per-cpu'\nusage: mscan [options]\n"), stderr);
    }

    /** docs/architecture.md shows these two classes; the page must stay the code this test runs. */
    @Test
    void theArchitecturePageShowsThisCode() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "architecture.md"));
        for (String name : List.of("AccessesPerCpu", "AccessesPerCpuProvider")) {
            String source = Files.readString(Path.of("src", "test", "java", "org", "mtrace", "analyses", "example",
                    name + ".java"));
            String code = source.replaceAll("(?s)/\\*\\*.*?\\*/\n", "");
            assertTrue(page.contains("```java\n" + code + "```\n"), name + " differs from docs/architecture.md");
        }
    }
}
