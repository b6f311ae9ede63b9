package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.scenario.ScenarioLog;

/** distinct-ops (§8.2) by hand; its fatal conditions do not stop the other analyses. */
class DistinctOpsTest {
    static final long SYS_FORK = 0xffffffff81000100L;
    static final long SYS_FORK_2 = 0xffffffff81000900L; // second entry point with the same name
    static final long SYS_EXIT = 0xffffffff81000200L;
    static final long SYS_WAIT = 0xffffffff81000300L;

    @TempDir
    Path dir;
    Path log;

    @BeforeEach
    void write() throws Exception {
        log = dir.resolve("ops.log.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.mode(0, 1, 10, "")             // empty name: app_name stays empty
                    .mode(0, 1, 10, "xv6-forktest")
                    .appdata(3)
                    .fcall(0, FcallState.START, 1, SYS_FORK, 1).store(0, 1, 0x1000, 8, true)
                    .store(0, 1, 0x1040, 8, true).fcall(0, FcallState.DONE, 1, SYS_FORK, 1)
                    .fcall(0, FcallState.START, 2, SYS_FORK_2, 2).store(0, 1, 0x2000, 8, true)
                    .fcall(0, FcallState.DONE, 2, SYS_FORK_2, 2)
                    .fcall(0, FcallState.START, 3, SYS_EXIT, 3).store(0, 1, 0x3000, 8, true)
                    .fcall(0, FcallState.DONE_VALUE, 3, SYS_EXIT, 3)
                    .fcall(0, FcallState.START, 4, SYS_WAIT, 4)
                    .fcall(0, FcallState.DONE, 4, SYS_WAIT, 4)
                    .mode(0, 0, 20, "");
        }
    }

    private static Scan.Output run(Path log, List<String> analyses, Map<String, List<String>> args) throws Exception {
        return Scan.run(org.mtrace.mscan.engine.AnalysisCatalog.load(), Scenarios.kernel()
                .pc(SYS_FORK, "sys_fork", "a.c:1").pc(SYS_FORK_2, "sys_fork", "a.c:2")
                .pc(SYS_EXIT, "sys_exit", "a.c:3").pc(SYS_WAIT, "sys_wait", "a.c:4"), log, analyses, args);
    }

    @Test
    void sumsTheLowestPcRowOfEachSyscall() throws Exception {
        // sys_fork lowest pc row: 2 lines; sys_exit: 1 (done_value ends the call); sys_wait: 0
        // sum 3 over 3 ops = 1.0. distinct-sys lists both sys_fork rows.
        Scan.Output out = run(log, List.of("distinct-ops"), Map.of());
        assertEquals(Scenarios.document("""
                "distinct-per-entry": [
                  {
                    "entry": "sys_fork",
                    "calls": 1,
                    "distinct": 2,
                    "ave": 2.000000
                  },
                  {
                    "entry": "sys_exit",
                    "calls": 1,
                    "distinct": 1,
                    "ave": 1.000000
                  },
                  {
                    "entry": "sys_wait",
                    "calls": 1,
                    "distinct": 0,
                    "ave": 0.000000
                  },
                  {
                    "entry": "sys_fork",
                    "calls": 1,
                    "distinct": 1,
                    "ave": 1.000000
                  } ]""", """
                "distinct-per-op": {
                  "ops": 3,
                  "distinct": 3,
                  "ave": 1.000000
                }"""), out.json());
    }

    @Test
    void explicitSyscallListForUnknownApplications() throws Exception {
        Scan.Output out = run(log, List.of("distinct-ops"), Map.of("op-syscalls", List.of("sys_exit,sys_wait")));
        String expected = """
                "distinct-per-op": {
                  "ops": 3,
                  "distinct": 1,
                  "ave": 0.333333
                }""";
        assertEquals(true, out.json().contains(expected.indent(2).stripTrailing()), out.json());
    }

    @Test
    void missingSyscallFailsOnlyDistinctOps() throws Exception {
        Scan.Output out = run(log, List.of("distinct-ops", "summary"), Map.of("op-syscalls", List.of("sys_nope")));
        assertFalse(out.ok());
        assertEquals(List.of("distinct-ops: DistinctOps::exit: unable to find sys_nope"), out.endFailures());
        assertEquals(false, out.json().contains("distinct-per-op"));
        assertEquals(true, out.json().contains("\"distinct-per-entry\""));
        assertEquals(true, out.json().endsWith("  \"summary\": {\n    \"total-instructions\": 10\n  }\n}\n"));
    }
}
