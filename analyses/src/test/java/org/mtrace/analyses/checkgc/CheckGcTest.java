package org.mtrace.analyses.checkgc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.FcallState;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.Header;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

class CheckGcTest {
    @TempDir
    Path dir;

    private static void gc(ScenarioLog s, long base, long nbytes, String name) {
        s.raw(new GcRecord(new Header(0, 0, 1), base, nbytes, name, true));
    }

    private static void epoch(ScenarioLog s, int cpu, boolean begin) {
        s.raw(new GcepochRecord(new Header(cpu, 0, 1), begin));
    }

    @Test
    void accessesOutsideEpochsPerObjectName() throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty().pc(0x100, "reader", "r.c:3").pc(0x5ff, "caller", "c.c:9");
        long g1 = K + 0x1000;
        long g2 = K + 0x2000;
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, s -> {
            gc(s, g2, 16, "dentry");
            s.load(1, 0x200, g2, 4, true);                   // not recording yet
            s.mode(0, 2, 100, "test");
            s.fcall(0, FcallState.START, 7, 0x900, 0x70);
            s.call(0, 0x500, 0x600);
            gc(s, g1, 0x40, "inode");
            epoch(s, 0, true);
            s.load(0, 0x100, g1 + 8, 8, true);               // thread 7 inside an epoch
            epoch(s, 0, false);
            s.load(0, 0x100, g1 + 8, 8, true);               // violation, with call stack
            s.store(1, 0x200, g1 + 0x40, 8, true);           // past the object
            s.store(1, 0x200, g1 - 4, 8, true);              // ends inside the object: counted
            s.load(1, 0x200, g2 + 8, 4, true);
            gc(s, g1, 4, "inode");                            // replaces the object at g1
            s.load(1, 0x200, g1 + 8, 4, true);               // now past it
            s.mode(0, 0, 200, "test");
            s.load(1, 0x200, g2, 4, true);                   // not recording any more
        }, "check-gc");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "checkgc": {
                    "dentry": [
                      {
                        "access": {
                          "addr": "0xffff880000002008",
                          "rawaddr": "0xffff880000002008",
                          "pc": "0x200 at ??:0",
                          "size": 4
                        },
                        "object_base": 18446612132314226688,
                        "object_bytes": 16
                      } ],
                    "inode": [
                      {
                        "access": {
                          "addr": "0xffff880000001008",
                          "rawaddr": "0xffff880000001008",
                          "pc": "reader at r.c:3",
                          "size": 8,
                          "stack": [
                            "reader at r.c:3",
                            "caller at c.c:9" ]
                        },
                        "object_base": 18446612132314222592,
                        "object_bytes": 64
                      },
                      {
                        "access": {
                          "addr": "0xffff880000000ffc",
                          "rawaddr": "0xffff880000000ffc",
                          "pc": "0x200 at ??:0",
                          "size": 8
                        },
                        "object_base": 18446612132314222592,
                        "object_bytes": 64
                      } ]
                  }
                }
                """), ScenarioRun.lines(r.json()));
    }

    @Test
    void kernelscopeAlsoRecordsAndNoObjectsGiveEmptyObject() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 3, 100, "test");
            s.load(0, 0x200, K, 4, true);
        }, "check-gc");
        assertEquals("{\n  \"checkgc\": { }\n}\n", r.json());
        r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 1, 100, "test");                        // movement mode: not checked
            gc(s, K, 8, "x");
            s.load(0, 0x200, K, 4, true);
            s.mode(0, 3, 100, "test");
            s.load(0, 0x200, K + 4, 4, true);
        }, "check-gc");
        assertTrue(r.json().contains("\"x\": [") && r.json().contains("0xffff880000000004")
                && !r.json().contains("\"0xffff880000000000\""), r.json());
    }
}
