package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.alloc.SiteType;

/**
 * The type an allocation site's DWARF suggests (issue 16 item 4), on a gcc -O2 fixture: every call of
 * the fixture's allocator is found in objdump's disassembly, its return address is the next
 * instruction, and the expectation is the EXPECT marker on the source line addr2line gives for the
 * call (outermost inline frame); sizes come from gdb. DWARF 4 exercises .debug_loc, DWARF 5
 * .debug_loclists.
 */
class AllocationSitesTest {
    private static final Pattern CALL = Pattern.compile(
            "^\\s+([0-9a-f]+):\\t[^\\n]*call\\s+[0-9a-f]+ <my_kmalloc>\\n\\s+([0-9a-f]+):", Pattern.MULTILINE);
    private static final Pattern EXPECT = Pattern.compile("EXPECT (\\w+)(?: (\\w+))?");

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void everyCallSiteGetsTheTypeItsSourceLineNames(String version) throws IOException {
        Path bin = Fixtures.build("allocsite.c", "gcc", "-g", version, "-O2");
        List<String> source = Files.readAllLines(Fixtures.dir().resolve("allocsite.c"));
        DebugInfo a = DebugInfo.open(bin, null);
        Matcher m = CALL.matcher(Fixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString()));
        int sites = 0, typed = 0;
        while (m.find()) {
            int line = Fixtures.outermostLine(bin, m.group(1));
            Matcher e = EXPECT.matcher(source.get(line - 1));
            assertTrue(e.find(), "no EXPECT marker on line " + line);
            long site = Long.parseLong(m.group(2), 16);
            SiteType t = a.allocationSiteType(site);
            sites++;
            // a function of the site's inline chain returns the type exactly where the return rule found it
            for (String type : List.of("foo", "bar", "holder", "pair_t")) {
                assertEquals("return".equals(e.group(2)) && type.equals(e.group(1)), a.allocationSiteHandsOut(site, type),
                        "line " + line + " hands out " + type);
            }
            if (e.group(1).equals("none")) {
                assertNull(t, "line " + line);
                continue;
            }
            assertNotNull(t, "line " + line);
            typed++;
            assertEquals(e.group(1), t.type(), "line " + line);
            assertEquals(e.group(2).equals("return") ? SiteType.How.RETURN_TYPE : SiteType.How.VARIABLE, t.how(),
                    "line " + line);
            assertEquals(gdbSizeof(bin, t.type()), t.size(), "sizeof " + t.type());
        }
        assertEquals(5, sites, "allocator calls in the fixture");
        assertEquals(3, typed);
    }

    /** {@code sizeof} a struct (or a typedef when no struct has the name) as gdb prints it. */
    private static long gdbSizeof(Path bin, String type) {
        String expr = type.endsWith("_t") ? type : "struct " + type;
        String out = Fixtures.run("gdb", "-batch", "-ex", "print sizeof(" + expr + ")", bin.toString());
        return Long.parseLong(out.substring(out.indexOf('=') + 1).trim());
    }
}
