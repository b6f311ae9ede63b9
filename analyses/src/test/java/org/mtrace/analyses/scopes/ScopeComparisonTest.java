package org.mtrace.analyses.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * The indexed pair comparison of unexpected-sharing gives exactly the output (document and
 * warnings, in order) of the one that merges every pair's sorted sets as the
 * original does, on random scenario logs.
 */
class ScopeComparisonTest {
    @TempDir
    Path dir;

    @Test
    void indexedEqualsMergedOnRandomLogs() throws IOException {
        AnalysisCatalog merged = new AnalysisCatalog()
                .register(new BasicProvider("abstract-scopes", "merged", Rank.ABSTRACT_SCOPES,
                        setup -> AbstractSharing.of(setup, ScopeComparison.Method.MERGED).enableAbstractScopes()) { })
                .register(new BasicProvider("unexpected-sharing", "merged", Rank.ABSTRACT_SCOPES,
                        setup -> AbstractSharing.of(setup, ScopeComparison.Method.MERGED).enableUnexpectedSharing()) { });
        for (int seed = 0; seed < 40; seed++) {
            long logSeed = seed;
            ScenarioRun.Result indexed = ScenarioRun.run(dir, FixedKernelInfo.empty(),
                    s -> randomLog(s, new Random(logSeed)), "unexpected-sharing", "abstract-scopes");
            ScenarioRun.Result reference = ScenarioRun.run(dir, merged, FixedKernelInfo.empty(),
                    s -> randomLog(s, new Random(logSeed)), "unexpected-sharing", "abstract-scopes");
            assertTrue(reference.output().ok(), reference.output().toString());
            assertEquals(reference.json(), indexed.json(), "seed " + seed);
            assertEquals(reference.stderr(), indexed.stderr(), "seed " + seed);
            assertTrue(seed > 0 || reference.json().contains("\"type\""), "the logs have unexpected sharing");
        }
    }

    /** 4..12 CPUs running short call stacks with nested scopes over small pools of variables and addresses. */
    private static void randomLog(ScenarioLog s, Random rnd) throws IOException {
        int cpus = 4 + rnd.nextInt(9);
        int vars = 1 + rnd.nextInt(12);
        int addrs = 1 + rnd.nextInt(40);
        s.mode(0, 2, 1, "random");
        long[] tag = new long[cpus];
        int[] depth = new int[cpus];
        boolean[] labelled = new boolean[addrs / 8 + 1];
        long nextTag = 1;
        int scopeNo = 0;
        for (int step = 0, steps = 200 + rnd.nextInt(1500); step < steps; step++) {
            int cpu = rnd.nextInt(cpus);
            int what = rnd.nextInt(100);
            if (tag[cpu] == 0) {
                tag[cpu] = nextTag++;
                s.fcall(cpu, FcallState.START, tag[cpu], 0x1000, tag[cpu]);
            } else if (what < 3) {
                s.fcall(cpu, FcallState.DONE, tag[cpu], 0x1000, tag[cpu]); // open scopes are collected
                tag[cpu] = 0;
                depth[cpu] = 0;
            } else if (what < 15 && depth[cpu] < 3) {
                ScenarioRun.ascope(s, cpu, false, "op" + scopeNo++);
                depth[cpu]++;
            } else if (what < 25 && depth[cpu] > 0) {
                ScenarioRun.ascope(s, cpu, true, "x");
                depth[cpu]--;
            } else if (what < 45 && depth[cpu] > 0) {
                ScenarioRun.avar(s, cpu, rnd.nextInt(3) == 0, "v" + rnd.nextInt(vars));
            } else if (what < 47) { // relabel a line: accesses before and after resolve differently
                int line = rnd.nextInt(labelled.length);
                s.label(cpu, 1, "obj" + rnd.nextInt(3), K + 64L * line, labelled[line] ? 0 : 64, 0);
                labelled[line] = !labelled[line];
            } else {
                AccessType type = AccessType.values()[rnd.nextInt(3)];
                s.access(cpu, type, 0x10 + rnd.nextInt(5), K + 8L * rnd.nextInt(addrs), 8, true, false);
            }
        }
    }
}
