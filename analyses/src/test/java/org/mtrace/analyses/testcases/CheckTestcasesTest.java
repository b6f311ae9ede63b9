package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.kernel.FixedKernelInfo;

class CheckTestcasesTest {
    @TempDir
    Path dir;

    @Test
    void conflictsPerTestCase() throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty().pc(0x5ff, "caller", "c.c:9");
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, s -> {
            s.mode(0, 3, 1, "t1");                       // kernelscope: every kernel access
            s.store(0, 0x10, K, 8, true);
            s.load(1, 0x20, K + 4, 8, true);             // overlaps the store: conflict
            s.store(1, 0x60, 0x1000, 8, true);           // user space: ignored
            s.load(0, 0x30, K + 0x100, 16, true);
            s.store(0, 0x31, K + 0x104, 4, true);        // splits the load: ld|st|ld
            s.load(1, 0x50, K + 0x104, 2, true);         // conflicts with the store part only
            s.load(1, 0x51, K + 0x10c, 4, true);         // overlaps a load part: no conflict
            s.store(0, 0x40, K + 0x200, 200, true);
            s.store(0, 0x40, K + 0x2c8, 200, true);      // merged: 400 bytes (the original wrapped to 144)
            s.load(1, 0x52, K + 0x300, 8, true);         // inside the merged range only
            s.mode(0, 0, 2, "t1");

            s.mode(0, 2, 3, "t2");                       // ascope: only inside syscall scopes
            s.fcall(0, FcallState.START, 1, 0x900, 1);
            s.call(0, 0x500, 0x600);
            s.fcall(1, FcallState.START, 2, 0x900, 2);
            s.call(1, 0x500, 0x600);
            s.store(0, 0x70, K + 0x400, 8, true);        // outside a syscall: ignored
            ScenarioRun.ascope(s, 0, false, "syscall:open");
            s.store(0, 0x71, K + 0x400, 8, true);
            ScenarioRun.ascope(s, 0, true, "syscall:open");
            ScenarioRun.ascope(s, 1, false, "syscall:read");
            ScenarioRun.ascope(s, 1, false, "inner");                 // not a syscall scope: no effect
            s.load(1, 0x72, K + 0x400, 8, true);
            ScenarioRun.ascope(s, 1, true, "inner");
            ScenarioRun.ascope(s, 1, true, "syscall:read");
            s.load(1, 0x73, K + 0x400, 8, true);         // outside again: ignored

            s.mode(0, 3, 4, "t3");                       // t2 abandoned, still reported
            s.load(0, 0x80, K + 0x500, 8, true);
            s.load(1, 0x81, K + 0x500, 8, true);         // two loads: no conflict
        }, "check-testcases");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "testcases": [
                    {
                      "name": "t1",
                      "shared": [
                        {
                          "addr": "0xffff880000000000",
                          "rawaddr": "0xffff880000000000",
                          "pc1": "0x10 at ??:0",
                          "pc2": "0x20 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "0xffff880000000104",
                          "rawaddr": "0xffff880000000104",
                          "pc1": "0x31 at ??:0",
                          "pc2": "0x50 at ??:0",
                          "size": 4
                        },
                        {
                          "addr": "0xffff880000000200",
                          "rawaddr": "0xffff880000000200",
                          "pc1": "0x40 at ??:0",
                          "pc2": "0x52 at ??:0",
                          "size": 400
                        } ]
                    },
                    {
                      "name": "t2",
                      "shared": [
                        {
                          "addr": "0xffff880000000400",
                          "rawaddr": "0xffff880000000400",
                          "pc1": "0x71 at ??:0",
                          "pc2": "0x72 at ??:0",
                          "size": 8,
                          "stack": [
                            "0x71 at ??:0",
                            "caller at c.c:9" ]
                        } ]
                    },
                    {
                      "name": "t3",
                      "shared": [ ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    /**
     * The original keeps the per-CPU depth in its Testcase object (checktest.hh), so every test
     * case starts at depth 0: a system call entered in t1 and left while recording is off (no
     * test case current, the exit is not counted) does not make t2 record CPU 0's accesses.
     */
    @Test
    void everyTestCaseStartsAtSyscallDepthZero() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "t1");
            ScenarioRun.ascope(s, 0, false, "syscall:read");
            s.mode(0, 0, 2, "t1");
            ScenarioRun.ascope(s, 0, true, "syscall:read");  // between test cases: ignored
            s.mode(0, 2, 3, "t2");
            s.load(0, 0x20, K + 0x40, 8, true);            // cpu 0 outside any system call of t2
            ScenarioRun.ascope(s, 1, false, "syscall:write");
            s.store(1, 0x30, K + 0x40, 8, true);           // would conflict if cpu 0's load counted
            ScenarioRun.ascope(s, 1, true, "syscall:write");
            s.mode(0, 0, 4, "t2");
        }, "check-testcases");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "testcases": [
                    {
                      "name": "t1",
                      "shared": [ ]
                    },
                    {
                      "name": "t2",
                      "shared": [ ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    @Test
    void syscallExitWithoutEnterIsFatalForThisAnalysisOnly() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "t");
            ScenarioRun.ascope(s, 0, true, "syscall:open");
        }, "check-testcases", "serial-length");
        assertEquals(1, r.output().result().failures().size());
        assertTrue(r.output().result().failures().get(0).contains(
                ": entry 1 at byte offset 108: check-testcases: assertion failed"), r.output().result().failures().get(0));
        assertEquals("{\n  \"sections\": [ ]\n}\n", r.json());
    }
}
