package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;

/**
 * Memory as a budget: the analyses whose state grows with the log's distinct addresses run in a
 * JVM with a small heap (a forked {@code java -Xmx}) over a log of 600,000 stores to 300,000
 * cache lines, each written by two CPUs. They must stop with the one message, exit 2, and still
 * write the document of the other analysis, never an OutOfMemoryError stack trace.
 */
class MemoryBudgetTest {
    private static final int HEAP_MB = 48;
    private static final int LINES = 300_000;

    @TempDir
    static Path dir;
    static Path log;

    @BeforeAll
    static void writeLog() throws Exception {
        log = dir.resolve("big.log.gz");
        try (LogWriter w = LogWriter.create(log, Compression.BGZF)) {
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app")); // ascope: the window is open
            for (int i = 0; i < 2 * LINES; i++) {
                int cpu = i & 1;
                w.write(new AccessRecord(new Header(cpu, i, 0), 2, true, false, false, 0xffffffff81000000L + (i & 0xfff),
                        0, 0xffff880000000000L + 64L * (i >> 1), 8));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared-addresses", "all-sharing"})
    void anAnalysisThatOutgrowsTheHeapStopsWithOneMessage(String analysis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.mtrace.mscan.cli.MscanMain",
                "--quiet", analysis, "distinct-sys", log.toString())
                .redirectOutput(dir.resolve(analysis + ".out").toFile())
                .redirectError(dir.resolve(analysis + ".err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String err = Files.readString(dir.resolve(analysis + ".err"), StandardCharsets.UTF_8);
        String out = Files.readString(dir.resolve(analysis + ".out"), StandardCharsets.ISO_8859_1);
        assertEquals(2, p.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        Matcher m = Pattern.compile("mscan: " + Pattern.quote(log.toString()) + ": entry (\\d+) at byte offset (\\d+): "
                + "out of memory in " + analysis + " after (\\d+) entries \\(Java heap limit (\\d+) MiB\\); its results "
                + "are left out\\. Give Java a larger heap, e\\.g\\. MTRACE_JAVA_OPTS='-XX:\\+UseParallelGC -Xmn128m -XX:MaxTenuringThreshold=0 -Xmx1g' "
                + "bin/mscan \\.\\.\\., or analyse a log of a narrower window \\(the entries before it were analysed\\)")
                .matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        long entry = Long.parseLong(m.group(1));
        assertEquals(entry + 1, Long.parseLong(m.group(3)), "entries read include the one being analysed");
        assertTrue(entry > 1 && entry <= 2 * LINES, "stopped inside the log: " + entry);
        // host entry (108 bytes), then accesses of 54 bytes each (FORMAT.md §2.1)
        assertEquals(108 + 54 * (entry - 1), Long.parseLong(m.group(2)));
        assertTrue(Long.parseLong(m.group(4)) <= HEAP_MB, m.group(4));
        // what it has: the other analysis' key, in a well-formed document
        assertTrue(out.startsWith("{\n  \"distinct-per-entry\": [") && out.endsWith("]\n}\n"), out);
        assertFalse(out.contains("\"" + analysis + "\"") || out.contains("\"all-sharing\""), "no key of the dropped analysis");
    }
}
