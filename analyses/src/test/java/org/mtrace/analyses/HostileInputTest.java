package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.mscan.cli.MscanMain;
import org.mtrace.mscan.engine.AnalysisCatalog;

/**
 * mscan on bad input, end to end: one policy for unknown entry types, empty input, standard input,
 * CPU counts that would size the output, and one line on stderr naming file, entry and offset.
 * Offsets are worked out from the entry sizes of FORMAT.md §2.1 (host 108, access 54, machine 51).
 */
class HostileInputTest {
    /** The BGZF end-of-file marker, from the SAM specification §4.1.2. */
    private static final byte[] BGZF_EOF = HexFormat.of().parseHex("1f8b08040000000000ff0600424302001b0003000000000000000000");

    @TempDir
    Path dir;
    String stdout;
    String stderr;

    private int run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new MscanMain(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.ISO_8859_1),
                new PrintStream(err, true, StandardCharsets.UTF_8), AnalysisCatalog.load()).run(List.of(args));
        stdout = out.toString(StandardCharsets.ISO_8859_1);
        stderr = err.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private int run(String... args) {
        return run(new byte[0], args);
    }

    private static byte[] raw(EntryRecord... records) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(b, Compression.RAW)) {
            for (EntryRecord r : records) {
                w.write(r);
            }
        }
        return b.toByteArray();
    }

    /** A bare 24-byte header of type {@code code} (FORMAT.md §1.3: type u32, size u16, cpu u16, two u64). */
    private static byte[] unknownEntry(int code) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(code).putShort((short) 24).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static final HostRecord START = HostRecord.recordMode(new Header(0, 0, 1), 100, 1, "app");
    private static final HostRecord STOP = HostRecord.recordMode(new Header(0, 0, 2), 150, 0, "app");
    private static final String SUMMARY = "{\n  \"summary\": {\n    \"total-instructions\": 50\n  }\n}\n";

    @Test
    void anUnknownEntryTypeIsAnErrorUnlessSkipUnknown() throws Exception {
        Path log = write("unknown.raw", concat(raw(START), unknownEntry(99), raw(STOP)));
        assertEquals(2, run("summary", log.toString()));
        assertEquals("mscan: " + log + ": entry 1 at byte offset 108: unknown entry type 99 (size 24) (the entries "
                + "before it were analysed); also: " + log + ": entry 1 at byte offset 108: summary: "
                + "total_instructions: still processing log?\n", stderr);
        assertEquals(0, run("--skip-unknown", "summary", log.toString()));
        assertEquals("", stderr);
        assertEquals(SUMMARY, stdout, "as if the entry were not there");
    }

    @Test
    void standardInputIsReadForDash() throws Exception {
        byte[] log = raw(START, STOP);
        assertEquals(0, run(log, "summary", "-"));
        assertEquals(SUMMARY, stdout);
        assertEquals(2, run(concat(log, new byte[] {1, 0, 0}), "summary", "-"));
        assertEquals("mscan: <stdin>: entry 2 at byte offset 216: log ends inside an entry (3 of 24 bytes) "
                + "(the entries before it were analysed)\n", stderr);
        assertEquals(SUMMARY, stdout, "the prefix is analysed");
    }

    @Test
    void emptyInputIsAnErrorWithoutADocument() throws Exception {
        Path empty = write("empty.log", new byte[0]);
        Path eof = write("eof.log.gz", BGZF_EOF);
        for (String name : List.of(empty.toString(), eof.toString(), "/dev/null", "-")) {
            if (name.equals("/dev/null") && !Files.exists(Path.of(name))) {
                continue;
            }
            assertEquals(2, run("summary", "distinct-sys", name), name);
            String shown = name.equals("-") ? "<stdin>" : name;
            assertEquals("mscan: " + shown + ": entry 0 at byte offset 0: no entries (the log is empty)\n", stderr, name);
            assertEquals("", stdout, name);
        }
    }

    @Test
    void aFileNameWithALineBreakStaysOnOneLine() throws Exception {
        Path log = write("two\nlines.log", new byte[0]);
        assertEquals(2, run("summary", log.toString()));
        assertEquals("mscan: " + dir + "/two\\nlines.log: entry 0 at byte offset 0: no entries (the log is empty)\n",
                stderr);
        assertEquals(2, run("summary", dir.resolve("no\tsuch").toString()));
        assertEquals("mscan: " + dir + "/no\\tsuch: cannot open log: no such file\n", stderr);
    }

    /** A forged num_cpus must not size the output: 65535 CPUs of cache-assoc are about 2 GB of JSON. */
    @Test
    void anImpossibleCpuCountIsAnErrorNamingTheMachineEntry() throws Exception {
        HostRecord ascope = HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app");
        AccessRecord cpu0 = new AccessRecord(new Header(0, 1, 0), 1, true, false, false, 0x10, 0, 0x1000, 8);
        AccessRecord cpu1 = new AccessRecord(new Header(1, 2, 0), 2, true, false, false, 0x10, 0, 0x2000, 8);
        Path forged = write("forged.raw", raw(new MachineRecord(new Header(0, 0, 0), 65535, 1 << 30, 0, 0, false, true),
                ascope, cpu0, cpu1));
        assertEquals(2, run("cache-assoc", forged.toString()));
        assertEquals("mscan: " + forged + ": entry 4 at byte offset 267 (end of the log): cache-assoc: num_cpus 65535 "
                + "of the machine entry 0 at byte offset 0 is impossible: no access entry names a CPU above 1\n", stderr);
        assertEquals("{ }\n", stdout);
        // the same log with the true count: both CPUs' caches are printed
        Path honest = write("honest.raw", raw(new MachineRecord(new Header(0, 0, 0), 2, 1 << 30, 0, 0, false, true),
                ascope, cpu0, cpu1));
        assertEquals(0, run("cache-assoc", honest.toString()), stderr);
        assertTrue(stdout.contains("\"cpu0\"") && stdout.contains("\"cpu1\"") && !stdout.contains("\"cpu2\""), stdout);
        // a real 4-vCPU recording in which two CPUs logged nothing (idle, or never missed a line) is believed
        Path idle = write("idle.raw", raw(new MachineRecord(new Header(0, 0, 0), 4, 1 << 30, 0, 0, false, true),
                ascope, cpu0, cpu1));
        assertEquals(0, run("cache-assoc", idle.toString()), stderr);
        assertTrue(stdout.contains("\"cpu3\""), "every CPU of the machine has its caches printed");
    }
}
