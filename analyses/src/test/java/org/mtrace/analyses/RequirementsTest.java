package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.LockOp;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * Analyses that need something the log (or the run) lacks say so, one line each, instead of
 * printing an unexplained empty result; the document itself stays what the original prints.
 */
class RequirementsTest {
    private static final String NOTHING = ": its result says nothing about this log";

    @TempDir
    Path dir;

    /** A movement recording: a machine entry, enable, two CPUs writing one line, disable. */
    private static void movement(ScenarioLog s) {
        s.machine(2, 1 << 20).mode(0, 1, 100, "w").store(0, 0x10, K, 8, true).store(1, 0x20, K + 8, 8, true)
                .mode(0, 0, 200, "");
    }

    @Test
    void ascopeOnlyAnalysesNameTheModeOnAMovementRecording() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), RequirementsTest::movement,
                "all-sharing", "cache-assoc", "check-testcases", "check-gc", "serial-length");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of(
                "check-testcases: needs recording in ascope or kernelscope mode, but this log recorded only in movement mode"
                        + NOTHING,
                "all-sharing: needs recording in ascope mode, but this log recorded only in movement mode" + NOTHING
                        + "; for movement recordings run all-sharing-movement",
                "cache-assoc: needs recording in ascope mode, but this log recorded only in movement mode" + NOTHING,
                "check-gc: needs recording in ascope or kernelscope mode, but this log recorded only in movement mode"
                        + NOTHING,
                "serial-length: needs lock entries, but this log has none" + NOTHING), r.output().unmet());
        // what the original prints on this log is unchanged: empty lists, 512 sets without misses
        assertTrue(r.json().contains("\"testcases\": [ ],\n  \"shared_cachelines\": [ ],\n  \"cachesim_cpus\": {"), r.json());
        assertTrue(r.json().endsWith("\"checkgc\": { },\n  \"sections\": [ ]\n}\n"), r.json());
    }

    /**
     * all-sharing-movement counts movements, which a full trace (every access logged, `mtrace-record
     * --all`, also in movement mode) does not show: the log does not say it is one, and the
     * recorder's filter run over its first accesses finds that most move no line. CPU 0 stores to
     * the line, then stores to it five times more holding it alone, and CPU 1 stores once: 5 of 7
     * accesses move nothing. false-sharing, which reads any log, says nothing.
     */
    @Test
    void aMovementAnalysisNamesAFullTrace() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(2, 1 << 20).mode(0, 1, 100, "w").store(0, 0x10, K, 8, true);
            for (int i = 0; i < 5; i++) {
                s.store(0, 0x10, K + 8 * i, 8, true);
            }
            s.store(1, 0x20, K + 8, 8, true).mode(0, 0, 200, "");
        }, "all-sharing-movement", "false-sharing");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of("all-sharing-movement: needs a log the recorder's movement filter wrote, but this log holds"
                + " every access (a full trace, mtrace-record --all)" + NOTHING + "; filter it first (bin/mtrace-refilter"
                + " -o OUT LOG), or run mscan report, which filters either kind"), r.output().unmet());
    }

    /**
     * A line cannot move between the CPUs of a one-CPU machine (mtrace-record --smp=1): the sharing
     * analyses say so instead of printing an empty list with status 0; false-sharing, whose lines
     * hold several objects whatever the CPUs, and shared-addresses, a count per address, say nothing.
     */
    @Test
    void sharingAnalysesNameAOneCpuMachine() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> s.machine(1, 1 << 20)
                .mode(0, 1, 100, "w").store(0, 0x10, K, 8, true).store(0, 0x20, K + 64, 8, true).mode(0, 0, 200, ""),
                "all-sharing-movement", "false-sharing", "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of("all-sharing-movement: needs a machine of two CPUs or more, but this log's machine entry has"
                + " num_cpus 1: no line can move between CPUs" + NOTHING + "; record with mtrace-record --smp=2 or more"),
                r.output().unmet());
        assertTrue(r.json().contains("\"shared_cachelines_movement\": [ ]"), r.json()); // the document is unchanged
        ScenarioRun.Result ascope = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> s.machine(1, 1 << 20)
                .mode(0, 2, 100, "w").store(0, 0x10, K, 8, true).mode(0, 0, 200, ""), "all-sharing");
        assertEquals(List.of("all-sharing"), ascope.output().unmet().stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        assertTrue(ascope.output().unmet().get(0).contains("num_cpus 1"), ascope.output().unmet().toString());
    }

    @Test
    void metRequirementsSayNothing() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            movement(s);
            s.raw(new LockRecord(new Header(0, 0, 300), 0x30, K + 0x40, "l", LockOp.ACQUIRED.code(), 0));
            s.raw(new LockRecord(new Header(0, 0, 310), 0x30, K + 0x40, "l", LockOp.RELEASE.code(), 0));
        }, "false-sharing", "serial-length", "all-sharing-movement", "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of(), r.output().unmet());
    }

    @Test
    void aLogWithoutEnableEntrySaysWhatItLacks() throws IOException {
        // an older recorder started in movement mode without logging it, and logged only the disable
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> s.machine(2, 1 << 20)
                .store(0, 0x10, K, 8, true).store(1, 0x20, K + 8, 8, true).mode(0, 0, 12345, ""),
                "false-sharing", "summary", "all-sharing-movement");
        assertTrue(r.output().ok(), r.output().toString());
        String lacks = "but this log holds accesses without an enable host entry (a recorder that started recording "
                + "without writing one)" + NOTHING;
        assertEquals(List.of(
                "false-sharing: needs recording enabled (an access_all_cpu host entry with a non-zero mode), " + lacks,
                "all-sharing-movement: needs recording in movement mode, " + lacks + "; for ascope recordings run all-sharing"),
                r.output().unmet());
        // summary reports what it can: from the start of the recording (global count 0) to the disable entry
        assertTrue(r.json().contains("\"summary\": {\n    \"total-instructions\": 12345\n  }"), r.json());
        assertEquals("summary: the log has no enable host entry (recording was on from the recorder's start); "
                + "total-instructions counts from the start of the recording to the disable entry\n", r.stderr());
    }

    @Test
    void callTracesAreARequirementOfTheSyscallAnalyses() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), RequirementsTest::movement,
                "distinct-sys", "syscall-accesses", "stack-trace-pc");
        assertEquals(List.of("distinct-sys", "stack-trace-pc", "syscall-accesses"),
                r.output().unmet().stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        assertTrue(r.output().unmet().get(0).startsWith("distinct-sys: needs call traces (fcall entries), but this log "
                + "has none"), r.output().unmet().get(0));
        // stack-trace-pc's frames come from call entries: fcall entries alone leave every stack empty
        ScenarioRun.Result fcallsOnly = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.fcall(0, org.mtrace.format.FcallState.START, 7, 0xffffffff81000100L, 1);
            movement(s);
        }, "stack-trace-pc");
        assertEquals(List.of("stack-trace-pc: needs call and return entries, but this log has none" + NOTHING
                + "; record with mtrace-record --calls (every mtrace-ctl on then traces calls)"),
                fcallsOnly.output().unmet());
        ScenarioRun.Result withCalls = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.fcall(0, org.mtrace.format.FcallState.START, 7, 0xffffffff81000100L, 1).call(0, 0xffffffff81000400L,
                    0xffffffff81000500L);
            movement(s);
        }, "stack-trace-pc");
        assertEquals(List.of(), withCalls.output().unmet());
    }

    @Test
    void aKernelImageIsCheckedBeforeReading() throws IOException {
        Path log = dir.resolve("m.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            movement(s);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scan.run(AnalysisCatalog.load(),
                FixedKernelInfo.none(), log, List.of("distinct-ops"), Map.of()));
        assertEquals("distinct-ops: needs a kernel image (--kernel=ELF): it finds the application's system calls by "
                + "function name (or give them as PCs: --op-syscalls=0x...)", e.getMessage());
        // system calls given as PCs need no image
        Scan.Output out = Scan.run(AnalysisCatalog.load(), FixedKernelInfo.none(), log, List.of("distinct-ops"),
                Map.of("op-syscalls", List.of("0x0"))); // accesses outside any call count under entry 0
        assertTrue(out.json().contains("\"distinct-per-op\""), out.json());
    }

    @Test
    void aTruncatedLogClaimsNothingAboutWhatItLacks() throws Exception {
        Path log = dir.resolve("cut.raw");
        try (LogWriter w = LogWriter.create(log, Compression.RAW)) {
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 1, "x"));
            w.write(new LockRecord(new Header(0, 0, 2), 0x30, K, "l", LockOp.ACQUIRED.code(), 0));
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(Files.size(log) - 10); // the lock entry is cut: the prefix has none
        }
        Scan.Output out = Scan.run(AnalysisCatalog.load(), FixedKernelInfo.empty(), log, List.of("serial-length"), Map.of());
        assertNotNull(out.result().logFault());
        assertEquals(List.of(), out.unmet());
    }
}
