package org.mtrace.m2text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtrace.format.Bytes;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.SegmentRecord;

/** The command end to end: arguments, filters, dialects, stdin, exit codes and the messages for bad logs. */
class M2TextTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Result run(byte[] stdin, OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = M2Text.run(args, new ByteArrayInputStream(stdin), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.ISO_8859_1) : "";
        return new Result(exit, o, err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return run(new byte[0], new ByteArrayOutputStream(), args);
    }

    static byte[] encode(Compression c, EntryRecord... records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(bytes, c)) {
            for (EntryRecord r : records) {
                w.write(r);
            }
        }
        return bytes.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static AccessRecord access(int cpu, long count) {
        return new AccessRecord(new Header(cpu, count, 0), 1 + count % 3, true, false, false, 0xffffffff81000000L + count,
                0x7f0000001000L, 0xffff880000001000L, 8);
    }

    static String accessLine(int cpu, long count) {
        return String.format("%-3s [%-3d %16d pc %016x  host 00007f0000001000  guest ffff880000001000  8b  traffic]",
                List.of("ld", "st", "iw").get((int) (count % 3)), cpu, count, 0xffffffff81000000L + count);
    }

    /** A small log covering the dialect differences. */
    static final EntryRecord[] MIXED = {
        HostRecord.recordMode(new Header(0, 0, 0), 0, 3, "t"),
        access(1, 4),
        new FcallRecord(new Header(2, 201, 0), 42, 0xffffffff81000100L, 0xabcdef, 1, 3),
        new SegmentRecord(new Header(0, 0, 0), 0xffff88000fc00000L, 0xffff88000fc20000L, 1, 4),
        new GcRecord(new Header(1, 600, 0), 0xffff880002000000L, 64, "file", true),
        new GcepochRecord(new Header(3, 700, 0), false),
        access(3, 5),
    };

    @ParameterizedTest
    @EnumSource(Compression.class)
    void defaultIsTheCorrectedTextFormat(Compression c) throws Exception {
        Path log = write("mixed.log", encode(c, MIXED));
        Result r = run(log.toString());
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        assertEquals(List.of(
                "E   [0    access_all_cpu  mode kernelscope  t]",
                accessLine(1, 4),
                "C   [2                 201  tid 42  pc ffffffff81000100  tag 0xabcdef  depth 1  done_value]",
                "S   [0      4  ffff88000fc00000 ffff88000fc20000]",
                "gc  [1                 600  base ffff880002000000  nbytes 64  free  file]",
                "gce [3                 700  end]",
                accessLine(3, 5)), r.lines());
        assertEquals(run("--format=text", log.toString()), r);
    }

    @Test
    void originalModeReproducesTheBugsAndRejectsGc() throws Exception {
        Path log = write("mixed.log", encode(Compression.GZIP, MIXED));
        Result r = run("--original", log.toString());
        assertEquals(0, r.exit());
        assertEquals(List.of(
                "E   [0    access_all_cpu  mode (null)  t]",
                accessLine(1, 4),
                "C   [2                 201  tid 42  pc ffffffff81000100  tag 0xabcdef  depth 1  (null)]",
                "S   [0      5  ffff88000fc00000 ffff88000fc20000]",
                accessLine(3, 5)), r.lines());
        assertEquals(List.of("print_entry: bad type 14", "print_entry: bad type 15"), r.errLines());
    }

    @Test
    void jsonLines() throws Exception {
        Path log = write("a.log", encode(Compression.RAW, access(1, 4), new GcepochRecord(new Header(3, 700, 9), true)));
        Result r = run("--format=json", log.toString());
        assertEquals(0, r.exit());
        assertEquals(List.of(
                "{\"type\":\"access\",\"size\":54,\"cpu\":1,\"access_count\":4,\"ts\":0,\"access_type\":\"st\",\"traffic\":true,"
                        + "\"lock\":false,\"deps\":false,\"pc\":\"0xffffffff81000004\",\"host_addr\":\"0x7f0000001000\","
                        + "\"guest_addr\":\"0xffff880000001000\",\"bytes\":8}",
                "{\"type\":\"gcepoch\",\"size\":25,\"cpu\":3,\"access_count\":700,\"ts\":9,\"begin\":true}"), r.lines());
    }

    /** m2json's document: closed at a clean end (and at --limit), left open after a read error like the original. */
    @Test
    void originalJsonDocument() throws Exception {
        byte[] full = encode(Compression.RAW, access(1, 4), access(2, 5));
        String first = "[\n  {\n    \"cpu\": 1,\n    \"access_count\": 4,\n    \"type\": \"access\",\n"
                + "    \"acctype\": \"st\",\n    \"pc\": \"0xffffffff81000004\",\n    \"host_addr\": \"0x7f0000001000\",\n"
                + "    \"guest_addr\": \"0xffff880000001000\",\n    \"bytes\": 8,\n    \"traffic\": 1,\n    \"lock\": 0\n  }";
        Result limited = run("--original", "--format=json", "--limit=1", write("ok.log", full).toString());
        assertEquals(0, limited.exit());
        assertEquals(first + " ]", limited.out());
        Result cut = run("--original", "--format=json", write("cut.log", Arrays.copyOf(full, 54 + 30)).toString());
        assertEquals(2, cut.exit());
        assertEquals(first, cut.out());
        assertEquals(1, cut.errLines().size(), cut.err());
    }

    /** The BGZF end-of-file marker: an empty member with the BC subfield, bytes from the SAM specification §4.1.2. */
    static final byte[] BGZF_EOF = java.util.HexFormat.of().parseHex(
            "1f8b08040000000000ff0600424302001b0003000000000000000000");

    @Test
    void emptyInputIsAnErrorInEveryMode() throws Exception {
        Path empty = write("empty.log", new byte[0]);
        Path eofOnly = write("eof.log", BGZF_EOF);
        for (String[] mode : new String[][] {{}, {"--original"}, {"--format=json"}, {"--original", "--format=json"}}) {
            for (String file : List.of(empty.toString(), eofOnly.toString(), "/dev/null", "-")) {
                if (file.equals("/dev/null") && !Files.exists(Path.of(file))) {
                    continue;
                }
                String[] args = Arrays.copyOf(mode, mode.length + 1);
                args[mode.length] = file;
                Result r = run(args);
                String name = file.equals("-") ? "<stdin>" : file;
                assertEquals(2, r.exit(), file);
                assertEquals(List.of("m2text: " + name + ": entry 0 at byte offset 0: no entries (the log is empty)"),
                        r.errLines(), file);
            }
        }
    }

    @Test
    void aFileNameWithALineBreakStaysOnOneLine() throws Exception {
        byte[] full = encode(Compression.RAW, access(1, 4), access(2, 5));
        Path log = write("two\nlines.log", Arrays.copyOf(full, 54 + 30));
        Result r = run(log.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of("m2text: " + dir + "/two\\nlines.log: entry 1 at byte offset 54: log ends inside an entry "
                + "(30 of 54 bytes)"), r.errLines());
    }

    @Test
    void filtersAndLimit() throws Exception {
        EntryRecord[] records = new EntryRecord[40];
        for (int k = 0; k < 40; k++) {
            records[k] = k % 10 == 9 ? new GcepochRecord(new Header(k % 4, k, 0), true) : access(k % 4, k);
        }
        Path log = write("f.log", encode(Compression.BGZF, records));
        // cpu 1 holds entries 1, 5, 9, ..., 37; of those 9 and 29 are gcepoch entries
        assertEquals(java.util.stream.LongStream.of(1, 5, 13, 17, 21, 25, 33, 37).mapToObj(k -> accessLine(1, k)).toList(),
                run("--cpu=1", "--type=access", log.toString()).lines());
        assertEquals(List.of(accessLine(1, 1), accessLine(3, 3), accessLine(1, 5)),
                run("--cpu=1,3", "--type", "2", "--limit=3", log.toString()).lines());
        assertEquals(List.of("gce [1                   9  begin]", "gce [3                  19  begin]",
                "gce [1                  29  begin]", "gce [3                  39  begin]"),
                run("--type=gcepoch", log.toString()).lines());
        assertEquals(List.of(accessLine(0, 0), accessLine(1, 1)), run("--limit=2", log.toString()).lines());
        assertEquals(List.of(), run("--limit=0", log.toString()).lines());
        assertEquals(List.of(), run("--cpu=7", log.toString()).lines());
        assertEquals(40, run(log.toString()).lines().size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void standardInput(Compression c) throws Exception {
        byte[] bytes = encode(c, MIXED);
        Result fromStdin = run(bytes, new ByteArrayOutputStream(), "-");
        Result fromFile = run(write("m.log", bytes).toString());
        assertEquals(0, fromStdin.exit());
        assertEquals(fromFile.out(), fromStdin.out());
        assertEquals(7, fromStdin.lines().size());
    }

    /** Raw log of ten 54-byte access entries cut inside the eighth: seven lines, then one message with index 7 and offset 378. */
    @Test
    void truncatedRawLog() throws Exception {
        EntryRecord[] ten = new EntryRecord[10];
        for (int k = 0; k < 10; k++) {
            ten[k] = access(k % 2, k);
        }
        byte[] full = encode(Compression.RAW, ten);
        Path log = write("cut.log", Arrays.copyOf(full, 7 * 54 + 20));
        Result r = run(log.toString());
        assertEquals(2, r.exit());
        assertEquals(run(write("full.log", full).toString()).lines().subList(0, 7), r.lines());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("m2text: " + log + ": entry 7 at byte offset 378: "), r.err());
    }

    /** A gzip log cut in the middle: the complete entries before the cut, then one message consistent with them. */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BGZF"})
    void truncatedCompressedLog(Compression c) throws Exception {
        EntryRecord[] many = new EntryRecord[20000];
        for (int k = 0; k < many.length; k++) {
            many[k] = access(k % 4, k * 7919L % 100003);
        }
        byte[] full = encode(c, many);
        Path log = write("cut.gz", Arrays.copyOf(full, full.length / 2));
        Result r = run(log.toString());
        assertEquals(2, r.exit());
        List<String> all = run(write("full.gz", full).toString()).lines();
        int n = r.lines().size();
        assertTrue(n > 0 && n < many.length, "printed " + n);
        assertEquals(all.subList(0, n), r.lines());
        assertEquals(1, r.errLines().size(), r.err());
        Matcher m = Pattern.compile("m2text: " + Pattern.quote(log.toString()) + ": entry (\\d+) at byte offset (\\d+): .+")
                .matcher(r.errLines().get(0));
        assertTrue(m.matches(), r.err());
        assertEquals(n, Long.parseLong(m.group(1)));
        assertEquals(54L * n, Long.parseLong(m.group(2)));
    }

    @Test
    void entryTooBig() throws Exception {
        byte[] bytes = encode(Compression.RAW, access(0, 0), access(0, 1), access(0, 2));
        Bytes.put16(bytes, 54 + 4, 200);
        Path log = write("big.log", bytes);
        Result r = run(log.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of(accessLine(0, 0)), r.lines());
        assertEquals(List.of("m2text: " + log + ": entry 1 at byte offset 54: entry too big: 200 > 124 (type 2)"),
                r.errLines());
    }

    @Test
    void unknownTypeIsAnErrorUnlessSkipped() throws Exception {
        byte[] bytes = encode(Compression.RAW, access(0, 0), access(0, 1), access(0, 2));
        Bytes.put32(bytes, 54, 99);
        Path log = write("unknown.log", bytes);
        Result strict = run(log.toString());
        assertEquals(2, strict.exit());
        assertEquals(List.of(accessLine(0, 0)), strict.lines());
        assertEquals(1, strict.errLines().size());
        assertTrue(strict.err().startsWith("m2text: " + log + ": entry 1 at byte offset 54: "), strict.err());
        assertTrue(strict.err().contains("99"), strict.err());

        for (String flag : List.of("--skip-unknown", "--original")) {
            Result skip = run(flag, log.toString());
            assertEquals(0, skip.exit(), flag);
            assertEquals(List.of(accessLine(0, 0), accessLine(0, 2)), skip.lines(), flag);
            assertEquals(List.of("print_entry: bad type 99"), skip.errLines(), flag);
        }
        Result json = run("--skip-unknown", "--format=json", log.toString());
        assertEquals("{\"type\":\"99\",\"size\":54,\"cpu\":0,\"access_count\":1,\"ts\":0}", json.lines().get(1));
        assertEquals(List.of("print_entry: bad type 99"), json.errLines());
    }

    @Test
    void usageAndMissingFiles() {
        Result help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: m2text"), help.out());
        assertTrue(help.out().contains("--original"), help.out());
        assertEquals(0, run("--version").exit());
        for (String[] bad : List.of(new String[] {}, new String[] {"--bogus", "x"}, new String[] {"--type=nope", "x"},
                new String[] {"--cpu=70000", "x"}, new String[] {"--limit=-1", "x"}, new String[] {"--format=xml", "x"},
                new String[] {"a", "b"})) {
            Result r = run(bad);
            assertEquals(2, r.exit(), String.join(" ", bad));
            assertEquals("", r.out());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("m2text: "), r.err());
        }
        Path missing = dir.resolve("nope.log");
        Result r = run(missing.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
    }

    @Test
    void outputErrors() throws Exception {
        Path log = write("a.log", encode(Compression.RAW, access(0, 0)));
        Result pipe = run(new byte[0], failing("Broken pipe"), log.toString());
        assertEquals(0, pipe.exit());
        assertEquals("", pipe.err());
        Result full = run(new byte[0], failing("No space left on device"), log.toString());
        assertEquals(1, full.exit());
        assertEquals(List.of("m2text: cannot write output: No space left on device"), full.errLines());
    }

    static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(message);
            }
        };
    }
}
