package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.kernel.FixedKernelInfo;

/**
 * The code profile's rows of user-space PCs name the program that ran them, from the log's task and
 * sched entries (docs/report.md, "What it prints", the code profile), on a hand-worked log: two CPUs
 * in movement mode (after the mode entry every CPU holds every line, so each store below by a CPU
 * not holding its line alone is one transfer). Threads: 5 named metis, 6 named bash; CPU 0 runs 5,
 * CPU 1 runs 6. Stores at line L: U1 by CPU 0 and by CPU 1 (2 transfers, two names: several
 * programs); U2 by CPU 0 at line M (1, metis); then 6 execs make, and U3 by CPU 1 at M (1, make);
 * K, a kernel PC, by CPU 0 at L (1: no program).
 */
class ReportUserProgramsTest {
    static final long U1 = 0x555500001000L, U2 = 0x555500002000L, U3 = 0x555500003000L, K = 0xffffffff81000010L;
    static final long L = 0xffff888000001000L, M = 0xffff888000002000L;

    @Test
    void userCodeRowsNameTheirProgram(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "u.log", ReportTest.movementLog(2, 0, s -> {
            s.task(0, 5, 1, "metis").task(1, 6, 1, "bash").sched(0, 5).sched(1, 6);
            ReportTest.access(s, 0, true, U1, L, 8);
            ReportTest.access(s, 1, true, U1, L, 8);
            ReportTest.access(s, 0, true, U2, M, 8);
            s.task(1, 6, 2, "make");
            ReportTest.access(s, 1, true, U3, M, 8);
            ReportTest.access(s, 0, true, K, L, 8);
        }), FixedKernelInfo.empty().pc(K, "kfunc", "k.c:1"));
        assertEquals(5, r.summary().transfers());
        Map<String, String> programs = r.symbols().stream().filter(f -> f.program() != null)
                .collect(Collectors.toMap(Report.FunctionRow::function, Report.FunctionRow::program));
        assertEquals(Map.of("0x555500001000", UserPrograms.SEVERAL, "0x555500002000", "metis", "0x555500003000", "make"),
                programs);
        assertEquals(3 + 1, r.symbols().size(), "three user PCs and kfunc");
        java.nio.file.Path csv = dir.resolve("csv");
        ReportCsv.write(r, csv);
        assertTrue(java.nio.file.Files.readAllLines(csv.resolve("symbols.csv")).containsAll(java.util.List.of(
                "symbol,source,program,transfers,lines,unstacked_transfers", "0x555500002000,,metis,1,1,0",
                "0x555500001000,,several programs,2,1,0")));
        String text = ReportTest.text(r);
        assertTrue(text.contains("(user-space code of metis)") && text.contains("(user-space code of make)")
                && text.contains("(user-space code, several programs)"), text);
    }
}
