package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.cli.MdwarfMain;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/mdwarf behaviour: outputs, exit codes and one-line errors for bad input. */
class CliTest {
    record Result(int status, String out, String err) {}

    static Result mdwarf(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = MdwarfMain.execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path types() { return Fixtures.build("types.c", "gcc", "-g", "-gdwarf-5", "-O0"); }

    @Test
    void describeTypeAndAddress() {
        Result r = mdwarf("describe", "--no-cache", "--base", "0x1000", types().toString(), "struct foo", "72");
        assertEquals(0, r.status(), r.err());
        assertEquals("(*(struct foo)0x1000).lh.prev\n", r.out());
        r = mdwarf("describe", "--no-cache", types().toString(), "nosuch", "0x10");
        assertEquals(1, r.status());
        assertEquals("nosuch+0x10\n", r.out());
        String nm = Fixtures.run("nm", types().toString());
        String addr = nm.lines().filter(l -> l.endsWith(" global_atomic")).findFirst().orElseThrow().split(" ")[0];
        r = mdwarf("describe", "--no-cache", types().toString(), "0x" + addr);
        assertEquals("global_atomic.counter\n", r.out());
    }

    @Test
    void layoutAndInfo() {
        Result r = mdwarf("layout", "--no-cache", types().toString(), "struct foo");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("/*     72      |       8 */") == false && r.out().contains("struct list_head lh;"), r.out());
        assertTrue(r.out().contains("cacheline 1 boundary (64 bytes)"), r.out());
        r = mdwarf("layout", "--no-cache", types().toString(), "struct nosuch");
        assertEquals(1, r.status());
        r = mdwarf("info", "--no-cache", types().toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("DWARF 5 compile units: 1"), r.out());
    }

    @Test
    void badInputGivesOneLineAndStatus2() throws Exception {
        Path dir = Files.createTempDirectory(Fixtures.dir(), "bad");
        Result r = mdwarf("info", dir.resolve("missing").toString());
        assertEquals(2, r.status());
        assertEquals("mdwarf: " + dir.resolve("missing") + ": no such file\n", r.err());

        Path text = Files.writeString(dir.resolve("notelf"), "hello, this is not an ELF file at all........................");
        r = mdwarf("info", text.toString());
        assertEquals(2, r.status());
        assertEquals("mdwarf: " + text + ": not an ELF file\n", r.err());

        Path stripped = dir.resolve("stripped");
        Fixtures.run("objcopy", "--strip-debug", types().toString(), stripped.toString());
        r = mdwarf("info", "--no-cache", stripped.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("mdwarf: " + stripped + ": no DWARF debug information"), r.err());
        assertEquals(1, r.err().lines().count());

        Path truncated = dir.resolve("truncated");
        byte[] whole = Files.readAllBytes(types());
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        r = mdwarf("info", "--no-cache", truncated.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());

        r = mdwarf("addr2line", "--no-cache", types().toString(), "zz");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not a number"), r.err());
    }

    @Test
    void unknownFormNamesTheUnit() throws Exception {
        Path bad = copyOfTypes("badform");
        // The first abbreviation (code 1, gcc's most used one) is code, tag, children flag, then (attribute,
        // form) pairs, one-byte ULEBs here: its first form is at +4. Make it 0x7f, which no DWARF defines.
        long off = sectionOffset(bad, ".debug_abbrev");
        byte[] bytes = Files.readAllBytes(bad);
        assertEquals(1, bytes[(int) off], "first abbreviation code");
        assertTrue(bytes[(int) off + 1] > 0 && bytes[(int) off + 3] > 0, "one-byte tag and attribute");
        patch(bad, off + 4, (byte) 0x7f);
        Result r = mdwarf("info", "--no-cache", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("mdwarf: " + bad + ": unit at .debug_info offset 0x0: unsupported attribute form 0x7f"),
                r.err());
        assertEquals(1, r.err().lines().count());
    }

    static Path copyOfTypes(String name) throws java.io.IOException {
        Path copy = Files.createTempDirectory(Fixtures.dir(), "patched").resolve(name);
        Files.copy(types(), copy);
        return copy;
    }

    static void patch(Path file, long at, byte... bytes) throws java.io.IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes), at);
        }
    }

    static long sectionOffset(Path elf, String name) {
        String hdr = Fixtures.run("readelf", "-S", "-W", elf.toString());
        String line = hdr.lines().filter(l -> l.contains(" " + name + " ")).findFirst().orElseThrow();
        String[] f = line.substring(line.indexOf(name)).trim().split("\\s+");
        return Long.parseLong(f[3], 16);
    }

    @Test
    void unsupportedDwarfVersionNamesTheUnit() throws Exception {
        Path bad = copyOfTypes("v9");
        // The version field is at offset 4 of the first unit header.
        patch(bad, sectionOffset(bad, ".debug_info") + 4, (byte) 9, (byte) 0);
        Result r = mdwarf("info", "--no-cache", bad.toString());
        assertEquals(2, r.status());
        assertEquals("mdwarf: " + bad + ": unit at .debug_info offset 0x0: DWARF version 9 is not supported (2-5 are)\n",
                r.err());
    }
}
