package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.SegmentRecord;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/** The built-in trackers of MSCAN.md §3-4, seen through analyses. */
class TrackerTest {
    @TempDir
    Path dir;

    @Test
    void firstEnableIsTheFirstWithNonZeroHeaderTs() throws Exception {
        Path log = dir.resolve("first.raw");
        try (LogWriter w = LogWriter.create(log, Compression.RAW)) {
            w.write(HostRecord.recordMode(new Header(0, 0, 0), 10, 1, "a"));   // ts 0: replaced later
            w.write(HostRecord.recordMode(new Header(0, 0, 5), 40, 1, "b"));   // first
            w.write(HostRecord.recordMode(new Header(0, 0, 6), 70, 1, "c"));
            w.write(HostRecord.recordMode(new Header(0, 0, 7), 100, 0, ""));
        }
        Scan.Output out = Scenarios.run(log, List.of("summary"));
        assertEquals(Scenarios.document("""
                "summary": {
                  "total-instructions": 60
                }"""), out.json());
    }

    @Test
    void badLabelTypeAndSegmentTypeAndHostTypeAreTrackerFaults() throws Exception {
        record Case(String name, Object record, String message) {
        }
        List<Case> cases = List.of(
                new Case("label", new LabelRecord(new Header(0, 0, 2), 0, 7, "x", 0x1000, 8, 0),
                        "DefaultLabelHandler::handle: bad label type: 7"),
                new Case("segment", new SegmentRecord(new Header(0, 0, 2), 0x1000, 0x2000, 0, 3),
                        "DefaultSegmentHandler::handle: bad type 3"),
                new Case("host", new HostRecord(new Header(0, 0, 2), 9, 0, 0, "", 0),
                        "handle_host: unhandled type 9"));
        for (Case c : cases) {
            Path log = dir.resolve(c.name() + ".raw");
            try (LogWriter w = LogWriter.create(log, Compression.RAW)) {
                w.write(HostRecord.recordMode(new Header(0, 0, 1), 10, 1, "app"));
                w.write((org.mtrace.format.record.EntryRecord) c.record());
            }
            Scan.Output out = Scenarios.run(log, List.of("distinct-sys"));
            assertEquals(log + ": entry 1 at byte offset 108: " + c.message(), out.result().traceFault()); // after a host entry
            assertEquals(Scenarios.document("\"distinct-per-entry\": [ ]"), out.json());
        }
    }

    @Test
    void perCpuTemplatesAreInstantiatedBySegments() throws Exception {
        Path log = dir.resolve("percpu.gz");
        long base0 = 0xffff880000000000L;
        long base1 = 0xffff880000100000L;
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.segment(0, base0, base0 + 0x10000).segment(1, base1, base1 + 0x10000)
                    .mode(0, 1, 1, "app")
                    .store(0, 0x10, base0 + 0x100, 8, true)  // runqueues on CPU 0 (with "counter")
                    .store(1, 0x10, base1 + 0x108, 8, true)  // runqueues on CPU 1
                    .store(1, 0x20, 0xffffffff81a00000L, 8, true) // static jiffies
                    .mode(0, 0, 2, "");
        }
        FixedKernelInfo kernel = new FixedKernelInfo().perCpuRange(0, 0x8000)
                .symbol("runqueues", 0x100, 0x20).symbol("counter", 0x120, 8)
                .symbol("jiffies", 0xffffffff81a00000L, 8).symbol("jiffies_64", 0xffffffff81a00008L, 8);
        Scan.Output out = Scan.run(AnalysisCatalog.load(), kernel, log, List.of("false-sharing"), Map.of());
        // each per-CPU line 0x100 holds runqueues and counter; the static line holds both jiffies
        String json = out.json();
        assertTrue(out.ok(), out.toString());
        assertTrue(json.contains("\"name\": \"counter\"") && json.contains("\"name\": \"runqueues\""), json);
        assertTrue(json.contains("\"name\": \"jiffies\"") && json.contains("\"name\": \"jiffies_64\""), json);
        assertEquals(2, json.split("\"pc\"").length - 1, json);
    }
}
