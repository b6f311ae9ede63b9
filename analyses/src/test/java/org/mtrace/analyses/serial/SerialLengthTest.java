package org.mtrace.analyses.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.LockOp;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.LockRecord;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

class SerialLengthTest {
    @TempDir
    Path dir;

    private static void lock(ScenarioLog s, int cpu, long ts, long pc, long lock, LockOp op) {
        s.raw(new LockRecord(new Header(cpu, 0, ts), pc, lock, "lk", op.code(), 0));
    }

    @Test
    void sectionsInReleaseOrderWithUnsignedWrap() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            lock(s, 0, 1, 0x10, 0x1000, LockOp.ACQUIRE);      // ignored
            lock(s, 0, 5, 0x11, 0x1000, LockOp.ACQUIRED);
            lock(s, 1, 0xfffffffffffffff0L, 0x20, 0x2000, LockOp.ACQUIRED);
            lock(s, 0, 9, 0x12, 0x1000, LockOp.RELEASE);
            lock(s, 1, 0x10, 0x21, 0x2000, LockOp.RELEASE); // per-CPU counter wrapped: total 0x20
        }, "serial-length");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals("""
                {
                  "sections": [
                    {
                      "pc": "0x11",
                      "lock": "0x1000",
                      "start": 5,
                      "stop": 9,
                      "total": 4
                    },
                    {
                      "pc": "0x20",
                      "lock": "0x2000",
                      "start": 18446744073709551600,
                      "stop": 16,
                      "total": 32
                    } ]
                }
                """, r.json());
    }

    /** Fix: readers of one lock on two CPUs are two sections (the original died). */
    @Test
    void sharedLockOnTwoCpus() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            lock(s, 0, 10, 0x30, 0x3000, LockOp.ACQUIRED);
            lock(s, 1, 20, 0x31, 0x3000, LockOp.ACQUIRED);
            lock(s, 1, 25, 0x32, 0x3000, LockOp.RELEASE);
            lock(s, 0, 30, 0x33, 0x3000, LockOp.RELEASE);
        }, "serial-length");
        assertTrue(r.output().ok());
        assertEquals("""
                {
                  "sections": [
                    {
                      "pc": "0x31",
                      "lock": "0x3000",
                      "start": 20,
                      "stop": 25,
                      "total": 5
                    },
                    {
                      "pc": "0x30",
                      "lock": "0x3000",
                      "start": 10,
                      "stop": 30,
                      "total": 20
                    } ]
                }
                """, r.json());
    }

    /** Fix: a section released on another CPU is left out with a warning (not a bogus total). */
    @Test
    void migratedSectionIsDroppedWithWarning() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            lock(s, 0, 100, 0x40, 0x4000, LockOp.ACQUIRED);
            lock(s, 1, 7, 0x41, 0x4000, LockOp.RELEASE);
            lock(s, 1, 8, 0x42, 0x4000, LockOp.ACQUIRED); // the lock is free again
            lock(s, 1, 9, 0x43, 0x4000, LockOp.RELEASE);
        }, "serial-length");
        assertTrue(r.output().ok());
        assertTrue(r.stderr().contains("released on cpu 1 but acquired on cpu 0"), r.stderr());
        assertEquals("""
                {
                  "sections": [
                    {
                      "pc": "0x42",
                      "lock": "0x4000",
                      "start": 8,
                      "stop": 9,
                      "total": 1
                    } ]
                }
                """, r.json());
    }

    @Test
    void fatalConditionsFailOnlyThisAnalysis() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 1, 100, "app");
            s.mode(0, 0, 150, "app");
            lock(s, 0, 5, 0x50, 0x5000, LockOp.RELEASE);
        }, "serial-length", "summary");
        assertEquals(1, r.output().result().failures().size());
        assertTrue(r.output().result().failures().get(0).contains(
                ": entry 2 at byte offset 216: serial-length: mtrace_lockop_release"), // after two host entries
                r.output().result().failures().toString());
        assertEquals("""
                {
                  "summary": {
                    "total-instructions": 50
                  }
                }
                """, r.json());

        r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            lock(s, 0, 5, 0x50, 0x5000, LockOp.ACQUIRED);
            lock(s, 0, 6, 0x51, 0x5000, LockOp.ACQUIRED);
        }, "serial-length");
        assertTrue(r.output().result().failures().get(0).contains(
                ": entry 1 at byte offset 109: serial-length: double mtrace_lockop_acquired"), // after a 109-byte lock entry
                r.output().result().failures().get(0));

        r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> lock(s, 0, 5, 0x50, 0x5000, LockOp.ACQUIRE),
                "serial-length");
        assertTrue(r.output().ok());
        r = ScenarioRun.run(dir, FixedKernelInfo.empty(),
                s -> s.raw(new LockRecord(new Header(0, 0, 1), 0x50, 0x5000, "lk", 9, 0)), "serial-length");
        assertTrue(r.output().result().failures().get(0).contains(": entry 0 at byte offset 0: serial-length: handle: default"),
                r.output().result().failures().get(0));
    }
}
