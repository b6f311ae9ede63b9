package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtrace.format.FcallState;
import org.mtrace.format.LockOp;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.mscan.engine.AnalysisCatalog;

/**
 * Memory as a budget, for every analysis of the catalog: each runs alone in a forked JVM with a
 * {@value #HEAP_MB} MiB heap over a log whose every unit adds state that an analysis keeps (a
 * system call on a new thread, a new cache line written by one CPU and read and written by the
 * other inside an abstract scope with a variable, a new lock taken and released, a new gc object,
 * a new live heap label). It must end with the one out-of-memory line (naming the analysis or
 * mscan's own trackers, the entry and its byte offset), exit 2, and no stack trace.
 */
class SmallHeapTest {
    private static final int HEAP_MB = 48;
    private static final int UNITS = 400_000;
    private static final long PC = 0xffffffff81000000L;

    /** Analyses run by another one's handler, which the message names (docs/mscan.md "Memory as a budget"). */
    private static final java.util.Map<String, String> SHARED_HANDLER = java.util.Map.of(
            "distinct-ops", "distinct-sys", "syscall-accesses-pc", "syscall-accesses",
            "unexpected-sharing", "abstract-scopes");

    @TempDir
    static Path dir;
    static Path log;
    static Path kernel;

    static Stream<String> analyses() {
        return AnalysisCatalog.load().names().stream();
    }

    @BeforeAll
    static void writeLog() throws Exception {
        log = dir.resolve("growing.log.gz");
        try (LogWriter w = LogWriter.create(log, Compression.BGZF)) {
            w.write(new MachineRecord(new Header(0, 0, 0), 2, 1L << 30, 0, 1, false, false));
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app")); // ascope: every window is open
            long count = 0;
            for (long i = 0; i < UNITS; i++) {
                int cpu = (int) (i & 1);
                long line = 0xffff888000000000L + 64 * i, lock = 0xffff889000000000L + 64 * i;
                long pc = PC + 16 * (i & 0xffff);
                w.write(new LabelRecord(new Header(cpu, count, 0), 0, 1, "obj", line, 64, pc));
                w.write(new FcallRecord(new Header(cpu, count, 0), 1000 + i, pc, 1 + i, 0, FcallState.START.code()));
                w.write(new AscopeRecord(new Header(cpu, count, 0), false, "scope"));
                w.write(new AvarRecord(new Header(cpu, count, 0), true, "v" + (i & 0xfff)));
                w.write(new LockRecord(new Header(cpu, count, 0), pc, lock, "lock", LockOp.ACQUIRE.code(), 0));
                w.write(new LockRecord(new Header(cpu, count, 0), pc, lock, "lock", LockOp.ACQUIRED.code(), 0));
                w.write(new AccessRecord(new Header(cpu, count++, 0), 2, true, false, false, pc, line, line, 8));
                w.write(new AccessRecord(new Header(1 - cpu, count++, 0), 1, true, false, false, pc + 4, line, line + 8, 8));
                w.write(new AccessRecord(new Header(1 - cpu, count++, 0), 2, true, false, false, pc + 8, line, line + 16, 8));
                w.write(new LockRecord(new Header(cpu, count, 0), pc, lock, "lock", LockOp.RELEASE.code(), 0));
                w.write(new GcRecord(new Header(cpu, count, 0), line + 32, 16, "gcobj", false));
                w.write(new AvarRecord(new Header(cpu, count, 0), false, "v" + (i & 0xfff)));
                w.write(new AscopeRecord(new Header(cpu, count, 0), true, "scope"));
                w.write(new FcallRecord(new Header(cpu, count, 0), 1000 + i, pc, 1 + i, 0, FcallState.DONE.code()));
            }
        }
        Path c = dir.resolve("k.c");
        Files.writeString(c, "int kernel_var; int main(void) { return kernel_var; }\n");
        kernel = dir.resolve("vmlinux");
        try {
            Process p = new ProcessBuilder("gcc", "-g", "-O0", "-o", kernel.toString(), c.toString()).inheritIO().start();
            assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed");
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc not available");
        }
    }

    @ParameterizedTest
    @MethodSource("analyses")
    void everyAnalysisStopsWithTheOneMessage(String analysis) throws Exception {
        List<String> args = new ArrayList<>(List.of("--quiet", "--kernel=" + kernel));
        if (analysis.equals("stack-trace-pc")) args.add("--stack-trace-pc=0x" + Long.toHexString(PC));
        args.addAll(List.of(analysis, log.toString()));
        List<String> lines = outOfMemoryLines(analysis, args);
        Matcher m = Pattern.compile("mscan: " + Pattern.quote(log.toString()) + ": entry (\\d+) at byte offset (\\d+): "
                + "out of memory in (.+?) after (\\d+) entries \\(Java heap limit (\\d+) MiB\\); its results "
                + "are left out\\. Give Java a larger heap, e\\.g\\. MTRACE_JAVA_OPTS='-XX:\\+UseParallelGC -Xmn128m -XX:MaxTenuringThreshold=0 -Xmx1g' "
                + "bin/mscan \\.\\.\\., or analyse a log of a narrower window.*").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        String culprit = m.group(3).replace(" (writing its results)", "");
        assertTrue(culprit.equals(analysis) || culprit.equals("mscan's trackers (labels, call stacks)")
                || culprit.equals(SHARED_HANDLER.get(analysis)), m.group(3));
        System.out.println("small heap: " + analysis + ": out of memory in " + m.group(3) + " at entry " + m.group(1));
    }

    /** The report (one analysis of its own, so nothing else to print) ends with the one line too, in the pass or after it. */
    @Test
    void theReportStopsWithTheOneMessage() throws Exception {
        List<String> lines = outOfMemoryLines("report", List.of("report", "--quiet", "--kernel=" + kernel, log.toString()));
        assertTrue(lines.get(0).matches("mscan report: " + Pattern.quote(log.toString()) + ": .*out of memory "
                + "(in report after \\d+ entries|building the report after the pass) \\(Java heap limit \\d+ MiB\\).*"),
                lines.get(0));
        assertFalse(lines.get(0).contains("before the pass could start"), lines.get(0));
    }

    /**
     * Runs mscan with {@code args} in a forked JVM of {@value #HEAP_MB} MiB; asserts exit 2, no stack
     * trace and exactly one out-of-memory line on stderr, and returns it (a list of one).
     */
    private static List<String> outOfMemoryLines(String name, List<String> args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.mtrace.mscan.cli.MscanMain"));
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out"), errFile = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(errFile.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("Error:"), err);
        List<String> lines = err.lines().filter(l -> l.contains("out of memory")).toList();
        assertEquals(1, lines.size(), err);
        return lines;
    }
}
