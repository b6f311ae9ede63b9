package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.MscanCli;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;

/**
 * mscan --modules=DIR: a gcc-compiled relocatable object stands in for a kernel module (.ko); the log
 * holds the recorder's region labels ({@code module:bmfix:text}, {@code module:bmfix:data}, as 6.4+
 * kernels lay modules out) and stores by two CPUs from a module function to a module variable.
 * Expected: the variable's address is the data region's base plus its offset in .data ({@code nm}, and
 * {@code readelf} shows .data is the first writable section, so it starts the data region), the PC is
 * the text region's base plus the function's offset in .text ({@code nm}; .text is the only executable
 * section), and its line is what {@code addr2line -j .text} says.
 */
class ModuleAttributionTest {
    static final String MODULE = """
            struct bm_entry { long count; int flags; char name[16]; };
            struct bm_entry bm_table[4] = {{1, 2, "a"}};
            int bm_hits;
            int bm_lookup(int i)
            {
                bm_hits++;
                bm_table[i].flags = i;
                return bm_table[i].flags;
            }
            """;
    static final long TEXT = 0xffffffffc0400000L, DATA = 0xffffffffc0410000L;

    @TempDir
    static Path dir;
    static Path kernel, modules, ko;
    static long lookupOffset, tableOffset, flagsOffset;
    static String line;

    @BeforeAll
    static void compile() throws Exception {
        Path k = dir.resolve("k.c");
        Files.writeString(k, "int kernel_var; int main(void) { return kernel_var; }\n");
        kernel = dir.resolve("vmlinux");
        run("gcc", "-g", "-O0", "-fno-common", "-o", kernel.toString(), k.toString());
        modules = dir.resolve("debug/lib/modules/6.12.0/kernel/fs");
        Files.createDirectories(modules);
        Path c = dir.resolve("bmfix.c");
        Files.writeString(c, MODULE);
        ko = modules.resolve("bmfix.ko");
        run("gcc", "-c", "-g", "-O0", "-fno-common", "-fno-pic", "-mcmodel=kernel", "-fno-asynchronous-unwind-tables",
                "-o", ko.toString(), c.toString());
        System.setProperty("user.home", dir.toString()); // keep the index cache inside the test directory
        String nm = run("nm", ko.toString());
        lookupOffset = symbol(nm, "T", "bm_lookup");
        tableOffset = symbol(nm, "D", "bm_table");
        String sections = run("readelf", "-S", "-W", ko.toString());
        Matcher first = Pattern.compile("\\]\\s+(\\S+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+WA\\b").matcher(sections);
        assertTrue(first.find() && first.group(1).equals(".data"), "the first writable section is .data: " + sections);
        flagsOffset = 8; // struct bm_entry: long count (8 bytes), then int flags (x86-64 ABI)
        String a2l = run("addr2line", "-f", "-s", "-e", ko.toString(), "-j", ".text", "0x" + Long.toHexString(lookupOffset + 4));
        line = a2l.lines().skip(1).findFirst().orElseThrow();
        assertTrue(line.startsWith("bmfix.c:"), a2l);
    }

    static long symbol(String nm, String kind, String name) {
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) " + kind + " " + name + "$").matcher(nm);
        assertTrue(m.find(), nm);
        return Long.parseLong(m.group(1), 16);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, cmd[0] + " not available");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    /** Two CPUs store to bm_table[1].flags from bm_lookup. */
    static Path log(String name) throws IOException {
        Path log = dir.resolve(name);
        long pc = TEXT + lookupOffset + 4, addr = DATA + tableOffset + 32 + flagsOffset;
        try (LogWriter w = LogWriter.create(log, Compression.BGZF)) {
            w.write(new LabelRecord(new Header(0, 0, 0), 0, 3, "module:bmfix:text", TEXT, 0x1000, 0));
            w.write(new LabelRecord(new Header(0, 0, 0), 0, 3, "module:bmfix:data", DATA, 0x1000, 0));
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app"));
            for (int i = 0; i < 4; i++) {
                w.write(new AccessRecord(new Header(i & 1, i, 0), 2, true, false, false, pc, 0, addr, 4));
            }
        }
        return log;
    }

    @Test
    void moduleCodeAndDataAreDescribedFromTheKo() throws Exception {
        Path log = log("mod.log.gz");
        MscanCli.Run r = MscanCli.run("--kernel=" + kernel, "--modules=" + dir.resolve("debug"), "shared-addresses",
                log.toString());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stdout().contains("\"name\": \"module:bmfix:data\""), r.stdout());
        assertTrue(r.stdout().contains("\"address\": \"bm_table[1].flags\""), r.stdout());
        assertTrue(r.stdout().contains("\"info\": \"bm_lookup at " + line.replaceAll(" .*", "") + "\""), r.stdout());
    }

    @Test
    void withoutModulesTheRegionLabelIsTheDescription() throws Exception {
        Path log = log("plain.log.gz");
        MscanCli.Run r = MscanCli.run("--kernel=" + kernel, "shared-addresses", log.toString());
        assertEquals(0, r.status(), r.stderr());
        long off = tableOffset + 32 + flagsOffset;
        assertTrue(r.stdout().contains("\"address\": \"module:bmfix:data+0x" + Long.toHexString(off) + "\""), r.stdout());
        assertFalse(r.stdout().contains("bm_lookup"), r.stdout());
    }

    @Test
    void aMissingModuleFileIsSaidOnceAndTheLabelsStillDescribe() throws Exception {
        Path log = log("missing.log.gz");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        MscanCli.Run r = MscanCli.run("--kernel=" + kernel, "--modules=" + empty, "shared-addresses", log.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("no bmfix.ko")).count(), r.stderr());
        assertTrue(r.stdout().contains("module:bmfix:data+0x"), r.stdout());
    }

    @Test
    void modulesNeedsAKernelAndADirectory() throws Exception {
        Path log = log("usage.log.gz");
        MscanCli.Run r = MscanCli.run("--modules=" + dir, "shared-addresses", "x.log");
        assertEquals(2, r.status());
        assertTrue(r.stderr().contains("--modules needs --kernel"), r.stderr());
        r = MscanCli.run("--kernel=" + kernel, "--modules=" + dir.resolve("nodir"), "shared-addresses",
                log.toString());
        assertEquals(2, r.status());
        assertTrue(r.stderr().contains("not a directory"), r.stderr());
    }
}
