package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.FixedKernelInfo;
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

    /**
     * A log of application {@code app} with one operation (appdata 1): one system call entered at each
     * of {@code entryPcs}, in order, by threads 1, 2, ..., touching nothing.
     */
    private Path oneOpLog(String file, String app, long... entryPcs) throws Exception {
        Path p = dir.resolve(file);
        try (ScenarioLog s = ScenarioLog.create(p)) {
            s.mode(0, 1, 10, app).appdata(1);
            for (int i = 0; i < entryPcs.length; i++) {
                s.fcall(0, FcallState.START, i + 1, entryPcs[i], i + 1).fcall(0, FcallState.DONE, i + 1, entryPcs[i], i + 1);
            }
            s.mode(0, 0, 20, "");
        }
        return p;
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

    /** sys_exit and sys_wait as one operation: sys_exit 1 line, sys_wait 0, over 3 ops. */
    private static final String EXIT_AND_WAIT_PER_OP = """
            "distinct-per-op": {
              "ops": 3,
              "distinct": 1,
              "ave": 0.333333
            }""".indent(2).stripTrailing();

    @Test
    void explicitSyscallListForUnknownApplications() throws Exception {
        Scan.Output out = run(log, List.of("distinct-ops"), Map.of("op-syscalls", List.of("sys_exit,sys_wait")));
        assertEquals(true, out.json().contains(EXIT_AND_WAIT_PER_OP), out.json());
    }

    @Test
    void syscallsGivenAsPcsWithAKernelThatNamesThem() throws Exception {
        // sys_exit and sys_wait by entry PC, the kernel naming both: the same sum as by name
        // (sys_exit 1 line, sys_wait 0, over 3 ops); before, a 0x PC was compared with the
        // function names and never matched once a kernel named the PC
        Scan.Output out = run(log, List.of("distinct-ops"),
                Map.of("op-syscalls", List.of("0xffffffff81000200,0xFFFFFFFF81000300")));
        assertTrue(out.ok(), out.endFailures().toString());
        assertTrue(out.json().contains(EXIT_AND_WAIT_PER_OP), out.json());
    }

    @Test
    void aPcThatNoSystemCallEntersFailsOnlyDistinctOps() throws Exception {
        for (String pc : List.of("0xffffffff81000204", "0xnope")) {
            Scan.Output out = run(log, List.of("distinct-ops", "summary"), Map.of("op-syscalls", List.of(pc)));
            assertFalse(out.ok());
            assertTrue(out.endFailures().get(0).contains("distinct-ops: DistinctOps::exit: unable to find " + pc),
                    out.endFailures().get(0));
            assertTrue(out.json().contains("\"total-instructions\": 10"), out.json());
        }
    }

    @Test
    void anApplicationTheTableDoesNotKnowSaysHowToNameItsCalls() throws Exception {
        Path other = oneOpLog("postgres.log.gz", "postgres", SYS_EXIT);
        Scan.Output out = run(other, List.of("distinct-ops"), Map.of());
        assertEquals(1, out.endFailures().size());
        assertTrue(out.endFailures().get(0).endsWith(" (end of the log): distinct-ops: DistinctOps::exit unable to find "
                + "'postgres' (an application the table does not know: name its system calls with "
                + "--op-syscalls=SYS,...)"), out.endFailures().get(0));
        assertTrue(run(other, List.of("distinct-ops"), Map.of("op-syscalls", List.of("sys_exit"))).ok());
    }

    @Test
    void missingSyscallFailsOnlyDistinctOps() throws Exception {
        Scan.Output out = run(log, List.of("distinct-ops", "summary"), Map.of("op-syscalls", List.of("sys_nope")));
        assertFalse(out.ok());
        assertEquals(1, out.endFailures().size());
        assertTrue(out.endFailures().get(0).matches(".*: entry \\d+ at byte offset \\d+ \\(end of the log\\): distinct-ops: "
                + "DistinctOps::exit: unable to find sys_nope"), out.endFailures().get(0));
        assertEquals(false, out.json().contains("distinct-per-op"));
        assertEquals(true, out.json().contains("\"distinct-per-entry\""));
        assertEquals(true, out.json().endsWith("  \"summary\": {\n    \"total-instructions\": 10\n  }\n}\n"));
    }

    // Modern kernels (MSCAN.md §8.2 table + documented extension): the entry functions are
    // __x64_sys_X / __se_sys_X / __do_sys_X, and stub_clone became sys_clone.
    static final long X64_CLONE = 0xffffffff81000100L;
    static final long X64_EXIT_GROUP = 0xffffffff81000200L;
    static final long SE_WAIT4 = 0xffffffff81000300L;
    static final long EXIT_GROUP = 0xffffffff81000400L;
    static final long X64_WAIT4 = 0xffffffff81000500L;

    @Test
    void modernSpellingsOfTheTableSyscalls() throws Exception {
        Path modern = dir.resolve("procy.log.gz");
        try (ScenarioLog s = ScenarioLog.create(modern)) {
            s.mode(0, 1, 10, "procy").appdata(4)
                    // tid 1 __x64_sys_clone: lines 0x1000, 0x1040 (0x1000 twice) -> 2
                    .fcall(0, FcallState.START, 1, X64_CLONE, 1).store(0, 1, 0x1000, 8, true)
                    .store(0, 1, 0x1040, 8, true).store(0, 1, 0x1008, 8, true)
                    .fcall(0, FcallState.DONE, 1, X64_CLONE, 1)
                    // tid 2 __x64_sys_exit_group: 1 line
                    .fcall(0, FcallState.START, 2, X64_EXIT_GROUP, 2).store(0, 1, 0x2000, 8, true)
                    .fcall(0, FcallState.DONE, 2, X64_EXIT_GROUP, 2)
                    // tid 3 __se_sys_wait4: 1 traffic line (the non-traffic one does not count)
                    .fcall(0, FcallState.START, 3, SE_WAIT4, 3).store(0, 1, 0x4000, 8, true)
                    .load(0, 1, 0x4040, 8, false).fcall(0, FcallState.DONE, 3, SE_WAIT4, 3)
                    // tid 4 sys_exit_group (the original's exact name, higher pc): 3 lines
                    .fcall(0, FcallState.START, 4, EXIT_GROUP, 4).store(0, 1, 0x3000, 8, true)
                    .store(0, 1, 0x3040, 8, true).store(0, 1, 0x3080, 8, true)
                    .fcall(0, FcallState.DONE, 4, EXIT_GROUP, 4)
                    // tid 5 __x64_sys_wait4: 2 lines
                    .fcall(0, FcallState.START, 5, X64_WAIT4, 5).store(0, 1, 0x5000, 8, true)
                    .store(0, 1, 0x5040, 8, true).fcall(0, FcallState.DONE, 5, X64_WAIT4, 5)
                    .mode(0, 0, 20, "");
        }
        var kernel = new FixedKernelInfo().pc(X64_CLONE, "__x64_sys_clone", "fork.c:1")
                .pc(X64_EXIT_GROUP, "__x64_sys_exit_group", "exit.c:1").pc(SE_WAIT4, "__se_sys_wait4", "exit.c:2")
                .pc(EXIT_GROUP, "sys_exit_group", "exit.c:3").pc(X64_WAIT4, "__x64_sys_wait4", "exit.c:4");
        Scan.Output out = Scan.run(org.mtrace.mscan.engine.AnalysisCatalog.load(), kernel, modern,
                List.of("distinct-ops"), Map.of());
        // stub_clone -> __x64_sys_clone (2); sys_exit_group -> the exact name wins although its pc
        // is higher (3); sys_wait4 -> lowest pc of its spellings, __se_sys_wait4 (1): 6 / 4 ops
        assertEquals(Scenarios.document("""
                "distinct-per-entry": [
                  {
                    "entry": "__x64_sys_clone",
                    "calls": 1,
                    "distinct": 2,
                    "ave": 2.000000
                  },
                  {
                    "entry": "__x64_sys_exit_group",
                    "calls": 1,
                    "distinct": 1,
                    "ave": 1.000000
                  },
                  {
                    "entry": "__se_sys_wait4",
                    "calls": 1,
                    "distinct": 1,
                    "ave": 1.000000
                  },
                  {
                    "entry": "sys_exit_group",
                    "calls": 1,
                    "distinct": 3,
                    "ave": 3.000000
                  },
                  {
                    "entry": "__x64_sys_wait4",
                    "calls": 1,
                    "distinct": 2,
                    "ave": 2.000000
                  } ]""", """
                "distinct-per-op": {
                  "ops": 4,
                  "distinct": 6,
                  "ave": 1.500000
                }"""), out.json());
        assertEquals(true, out.ok(), out.toString());
    }

    @Test
    void modernSpellingDoesNotMergeDifferentSyscalls() throws Exception {
        Path dirbench = oneOpLog("dirbench.log.gz", "xv6-dirbench", X64_CLONE, X64_WAIT4);
        var kernel = new FixedKernelInfo().pc(X64_CLONE, "__x64_sys_openat", "open.c:1")
                .pc(X64_WAIT4, "__x64_sys_close", "open.c:2");
        Scan.Output out = Scan.run(org.mtrace.mscan.engine.AnalysisCatalog.load(), kernel, dirbench,
                List.of("distinct-ops"), Map.of());
        assertEquals(1, out.endFailures().size());
        assertTrue(out.endFailures().get(0).endsWith(" (end of the log): distinct-ops: DistinctOps::exit: unable to find "
                + "sys_open"), out.endFailures().get(0));
    }
}
