package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.io.Problem;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.scenario.ScenarioLog;

/** Fatal conditions become one message; everything computable is still reported. */
class FailureTest {
    @TempDir
    Path dir;

    @Test
    void summaryWhileStillRecordingFailsAlone() throws Exception {
        Path log = dir.resolve("rec.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.mode(0, 1, 5, "app").store(0, 0x10, 0x1000, 8, true);
        }
        Scan.Output out = Scenarios.run(log, List.of("summary", "distinct-sys"));
        // host 108 + access 54 bytes (FORMAT.md §2.1): the failure is at the end of the log
        assertEquals(List.of(log + ": entry 2 at byte offset 162 (end of the log): summary: total_instructions: still "
                + "processing log?"), out.endFailures());
        assertEquals(Scenarios.document("""
                "distinct-per-entry": [
                  {
                    "entry": "0x0",
                    "calls": 1,
                    "distinct": 1,
                    "ave": 1.000000
                  } ]"""), out.json());
    }

    @Test
    void summaryWithoutAnyHostEntryFails() throws Exception {
        Path log = dir.resolve("none.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.store(0, 0x10, 0x1000, 8, true);
        }
        Scan.Output out = Scenarios.run(log, List.of("summary"));
        assertEquals(List.of(log + ": entry 1 at byte offset 54 (end of the log): summary: total_instructions: the log "
                + "holds accesses but no access_all_cpu host entry (neither enable nor disable), so the instructions "
                + "recorded are unknown"), out.endFailures());
        assertEquals("{ }\n", out.json());
    }

    @Test
    void truncatedLogAnalysesTheValidPrefix() throws Exception {
        Path log = dir.resolve("trunc.raw");
        try (LogWriter w = LogWriter.create(log, Compression.RAW)) {
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 1, "x"));
            w.write(HostRecord.recordMode(new Header(0, 0, 2), 250, 0, ""));
            w.write(HostRecord.recordMode(new Header(0, 0, 3), 900, 1, ""));
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(Files.size(log) - 10); // cut the third entry
        }
        Scan.Output out = Scenarios.run(log, List.of("summary"));
        assertNotNull(out.result().logFault());
        assertEquals(Problem.TRUNCATED_ENTRY, out.result().logFault().problem());
        assertEquals(2, out.result().logFault().entryIndex());
        assertEquals(Scenarios.document("""
                "summary": {
                  "total-instructions": 150
                }"""), out.json());
    }

    @Test
    void trackerFaultStopsThePassAtThatEntry() throws Exception {
        Path log = dir.resolve("dup.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.mode(0, 1, 5, "app").fcall(0, FcallState.START, 1, 0x10, 0xab).store(0, 0x20, 0x1000, 8, true)
                    .fcall(1, FcallState.START, 2, 0x10, 0xab)   // duplicate tag: fatal in CallTrace
                    .store(1, 0x20, 0x2000, 8, true);
        }
        Scan.Output out = Scenarios.run(log, List.of("syscall-accesses"));
        // host 108 + fcall 54 + access 54 bytes before it
        assertEquals(log + ": entry 3 at byte offset 216: CallTrace::handle: found call stack 0xab",
                out.result().traceFault());
        assertTrue(out.json().contains("0x1000"));
        assertTrue(!out.json().contains("0x2000"));
    }

    @Test
    void unknownEntryTypesAreSkipped() throws Exception {
        Path log = dir.resolve("odd.raw");
        byte[] odd = new byte[32];
        odd[0] = 40; // type 40: no such type
        odd[4] = 32;
        try (LogWriter w = LogWriter.create(log, Compression.RAW)) {
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 1, "x"));
            w.writeEncoded(odd, 0, odd.length);
            w.write(HostRecord.recordMode(new Header(0, 0, 2), 130, 0, ""));
        }
        Scan.Output out = Scenarios.run(log, List.of("summary"));
        assertTrue(out.ok(), out.toString());
        assertTrue(out.json().contains("\"total-instructions\": 30"));
    }

    @Test
    void randomBytesGiveOneLogFaultNotAnException() throws Exception {
        java.util.Random rnd = new java.util.Random(3);
        for (int round = 0; round < 20; round++) {
            byte[] junk = new byte[1 + rnd.nextInt(6000)];
            rnd.nextBytes(junk);
            Path log = dir.resolve("junk" + round);
            Files.write(log, junk);
            Scan.Output out = Scenarios.run(log, List.of("distinct-sys", "summary"));
            assertNotNull(out.result().logFault(), "round " + round);
            assertTrue(out.json().startsWith("{\n  \"distinct-per-entry\": ["), out.json());
        }
    }
}
