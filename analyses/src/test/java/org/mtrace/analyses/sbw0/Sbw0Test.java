package org.mtrace.analyses.sbw0;

import org.mtrace.mscan.util.SpillBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.AccessType;
import org.mtrace.format.Bytes;
import org.mtrace.format.FcallState;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.Header;
import org.mtrace.mscan.kernel.FixedKernelInfo;

class Sbw0Test {
    @TempDir
    Path dir;

    @Test
    void dumpsAccessesAndCompletedStacks() throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty().pc(0x700, "sys_open", "open.c:1").pc(0x100, "f", "f.c:2");
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, s -> {
            s.raw(new FcallRecord(new Header(1, 3, 1), 5, 0x700, 0x77, 0, FcallState.START.code()));
            s.raw(ScenarioRun.access(1, 4, AccessType.LD, 0x100, 0x5000, K + 0x10, 8, true));
            s.raw(ScenarioRun.access(0, 5, AccessType.IW, 0x101, 0x5008, K + 0x18, 4, false));
            s.raw(new AccessRecord(new Header(0, 6, 0), 0, false, false, true, 0x102, 0, K + 0x20, 1));
            s.raw(new FcallRecord(new Header(1, 9, 2), 5, 0x700, 0x77, 0, FcallState.DONE_VALUE.code()));
            s.fcall(0, FcallState.START, 6, 0x800, 0x88);
            s.fcall(0, FcallState.PAUSE, 6, 0x800, 0x88);
            s.fcall(2, FcallState.RESUME, 6, 0x800, 0x88);
            s.fcall(2, FcallState.DONE, 6, 0x800, 0x88);
        }, "sbw0");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "accesses": [
                    {
                      "cpu": 1,
                      "access-count": 4,
                      "access-type": "l",
                      "traffic": 1,
                      "pc": "0x100",
                      "host-addr": "0x5000",
                      "guest-addr": "0xffff880000000010",
                      "bytes": 8,
                      "deps": 0,
                      "description": "f at f.c:2",
                      "fcall": 119
                    },
                    {
                      "cpu": 0,
                      "access-count": 5,
                      "access-type": "s",
                      "traffic": 0,
                      "pc": "0x101",
                      "host-addr": "0x5008",
                      "guest-addr": "0xffff880000000018",
                      "bytes": 4,
                      "deps": 0,
                      "description": "0x101 at ??:0",
                      "fcall": 0
                    },
                    {
                      "cpu": 0,
                      "access-count": 6,
                      "access-type": "?",
                      "traffic": 0,
                      "pc": "0x102",
                      "host-addr": "0x0",
                      "guest-addr": "0xffff880000000020",
                      "bytes": 1,
                      "deps": 1,
                      "description": "0x102 at ??:0",
                      "fcall": 0
                    } ],
                  "fcalls": [
                    {
                      "tag": 119,
                      "cpu": 1,
                      "description": "sys_open",
                      "pc": "0x700",
                      "start-access-count": 3,
                      "done-access-count": 9,
                      "done-value": 1
                    },
                    {
                      "tag": 136,
                      "cpu": 0,
                      "description": "0x800",
                      "pc": "0x800",
                      "start-access-count": 0,
                      "done-access-count": 0,
                      "done-value": 0
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    @Test
    void failedAssertionIsAnAnalysisError() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.fcall(0, FcallState.START, 6, 0x800, 0x88);
            s.fcall(0, FcallState.START, 7, 0x800, 0x99);
        }, "sbw0", "serial-length");
        assertEquals(1, r.output().result().failures().size());
        assertTrue(r.output().result().failures().get(0).contains(": entry 1 at byte offset 54: sbw0: assertion failed"),
                r.output().result().failures().get(0)); // two fcall entries of 54 bytes
        assertEquals("{\n  \"sections\": [ ]\n}\n", r.json());
    }

    @Test
    void spillBufferReplaysInOrderFromDisk() {
        int n = 300_000;
        long[] seen = new long[1];
        try (SpillBuffer b = new SpillBuffer(10, 1 << 20)) { // spills after the first megabyte
            for (int i = 0; i < n; i++) {
                int off = b.append();
                Bytes.put64(b.block(), off, i);
                Bytes.put16(b.block(), off + 8, i & 0xffff);
            }
            assertEquals(n, b.count());
            b.replay((buf, off) -> {
                assertEquals(seen[0], Bytes.u64(buf, off));
                assertEquals(seen[0] & 0xffff, Bytes.u16(buf, off + 8));
                seen[0]++;
            });
        }
        assertEquals(n, seen[0]);
    }
}
