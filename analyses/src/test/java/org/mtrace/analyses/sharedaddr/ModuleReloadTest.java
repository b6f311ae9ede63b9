package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A module unloaded and loaded again elsewhere (mscan --modules=DIR): a gcc-compiled relocatable
 * object with two functions stands in for the .ko. The log loads it at TEXT1/DATA1, stores from
 * {@code bm_lookup} to {@code bm_table[1].flags}, removes both region labels (free_module), loads it
 * again with its text 8 bytes past load 1's {@code bm_lookup} (so load 2's {@code bm_first} lies over
 * load 1's {@code bm_lookup}) and its data elsewhere, and stores from load 2's {@code bm_first} and
 * {@code bm_lookup} to load 2's table. Expected (offsets from {@code nm}, lines from {@code addr2line
 * -j .text} on the object): each PC by the newest load whose text holds it, so load 1's
 * {@code bm_lookup} PC (in no later load) is still {@code bm_lookup} at its line, the PC both loads
 * hold is load 2's {@code bm_first}; each module variable likewise (the two data regions are apart).
 */
class ModuleReloadTest {
    static final String MODULE = """
            struct bm_entry { long count; int flags; char name[16]; };
            struct bm_entry bm_table[4] = {{1, 2, "a"}};
            int bm_hits;
            int bm_first(int i)
            {
                bm_hits++;
                return i;
            }
            int bm_lookup(int i)
            {
                bm_hits++;
                bm_table[i].flags = i;
                return bm_table[i].flags;
            }
            """;
    static final long TEXT1 = 0xffffffffc0400000L, DATA1 = 0xffffffffc0410000L, DATA2 = 0xffffffffc0610000L;

    @TempDir
    static Path dir;
    static Path kernel, modules, ko;
    static long firstOffset, lookupOffset, tableOffset, textSize;

    @BeforeAll
    static void compile() throws Exception {
        Path k = dir.resolve("k.c");
        Files.writeString(k, "int kernel_var; int main(void) { return kernel_var; }\n");
        kernel = dir.resolve("vmlinux");
        ModuleAttributionTest.run("gcc", "-g", "-O0", "-fno-common", "-o", kernel.toString(), k.toString());
        modules = Files.createDirectories(dir.resolve("debug/lib/modules/6.12.0/kernel/fs"));
        Path c = dir.resolve("bmfix.c");
        Files.writeString(c, MODULE);
        ko = modules.resolve("bmfix.ko");
        ModuleAttributionTest.run("gcc", "-c", "-g", "-O0", "-fno-common", "-fno-pic", "-mcmodel=kernel",
                "-fno-asynchronous-unwind-tables", "-o", ko.toString(), c.toString());
        System.setProperty("user.home", dir.toString()); // keep the index cache inside the test directory
        String nm = ModuleAttributionTest.run("nm", ko.toString());
        firstOffset = ModuleAttributionTest.symbol(nm, "T", "bm_first");
        lookupOffset = ModuleAttributionTest.symbol(nm, "T", "bm_lookup");
        tableOffset = ModuleAttributionTest.symbol(nm, "D", "bm_table");
        java.util.regex.Matcher text = java.util.regex.Pattern.compile("\\] \\.text\\s+PROGBITS\\s+\\S+\\s+\\S+\\s+(\\S+)")
                .matcher(ModuleAttributionTest.run("readelf", "-S", "-W", ko.toString()));
        assertTrue(text.find());
        textSize = Long.parseLong(text.group(1), 16);
        assertTrue(lookupOffset > firstOffset && lookupOffset + 12 < textSize, "bm_lookup follows bm_first in .text");
    }

    /** {@code func at file:line} as addr2line gives it for an offset into the object's .text. */
    static String addr2line(long offset) throws Exception {
        String[] out = ModuleAttributionTest.run("addr2line", "-f", "-s", "-e", ko.toString(), "-j", ".text",
                "0x" + Long.toHexString(offset)).split("\n");
        return out[0] + " at " + out[1].replaceAll(" .*", "");
    }

    static long text2() {
        return TEXT1 + lookupOffset + 8;
    }

    static Path log() throws IOException {
        Path log = dir.resolve("reload.log.gz");
        long flags = tableOffset + 32 + 8; // bm_table[1].flags: long count, then int flags
        try (LogWriter w = LogWriter.create(log, Compression.BGZF)) {
            w.write(new LabelRecord(new Header(0, 0, 0), 0, 3, "module:bmfix:text", TEXT1, 0x1000, 0));
            w.write(new LabelRecord(new Header(0, 0, 0), 0, 3, "module:bmfix:data", DATA1, 0x1000, 0));
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app"));
            long n = 0;
            for (int i = 0; i < 2; i++) {
                w.write(new AccessRecord(new Header(i, n, 0), 2, true, false, false, TEXT1 + lookupOffset + 4, 0,
                        DATA1 + flags, 4));
                n++;
            }
            w.write(new LabelRecord(new Header(0, n, 0), 0, 3, "module:bmfix:text", TEXT1, 0, 0)); // free_module
            w.write(new LabelRecord(new Header(0, n, 0), 0, 3, "module:bmfix:data", DATA1, 0, 0));
            w.write(new LabelRecord(new Header(0, n, 0), 0, 3, "module:bmfix:text", text2(), 0x1000, 0));
            w.write(new LabelRecord(new Header(0, n, 0), 0, 3, "module:bmfix:data", DATA2, 0x1000, 0));
            for (int i = 0; i < 2; i++) {
                w.write(new AccessRecord(new Header(i, n, 0), 2, true, false, false, text2() + firstOffset + 4, 0,
                        DATA2 + flags, 4));
                n++;
                w.write(new AccessRecord(new Header(i, n, 0), 2, true, false, false, text2() + lookupOffset + 4, 0,
                        DATA2 + flags, 4));
                n++;
            }
        }
        return log;
    }

    @Test
    void eachPcByTheNewestLoadHoldingItEachVariableByItsLoad() throws Exception {
        Path log = log();
        MscanCli.Run r = MscanCli.run("--kernel=" + kernel, "--modules=" + dir.resolve("debug"), "shared-addresses",
                log.toString());
        assertEquals(0, r.status(), r.stderr());
        String out = r.stdout();
        long pcBoth = text2() + firstOffset + 4;
        assertTrue(pcBoth - TEXT1 < textSize, "load 1's text holds load 2's bm_first PC too");
        String lookup = addr2line(lookupOffset + 4);
        assertTrue(lookup.startsWith("bm_lookup at bmfix.c:"), lookup);
        String first = addr2line(firstOffset + 4);
        assertTrue(first.startsWith("bm_first at bmfix.c:"), first);
        // load 1's PC, unloaded since: still load 1's bm_lookup
        assertTrue(out.contains("\"info\": \"" + lookup + "\""), out);
        // load 2's bm_first lies over load 1's bm_lookup: the newer load describes it
        assertTrue(out.contains("\"info\": \"" + first + "\""), out);
        assertFalse(out.contains("??:0"), out);
        // both tables, each by its own load's data region
        assertEquals(2, out.split("\"address\": \"bm_table\\[1\\]\\.flags\"", -1).length - 1, out);
        assertFalse(out.contains("module:bmfix:data+0x"), out);
    }
}
