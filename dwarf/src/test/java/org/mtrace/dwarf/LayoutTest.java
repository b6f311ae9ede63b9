package org.mtrace.dwarf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.describe.StructLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Top-level member offsets, bit positions and sizes compared with gdb's ptype/o. */
class LayoutTest {
    private static final Pattern ROW = Pattern.compile("^/\\*\\s+(\\d+)(?::\\s*(\\d+))?\\s+\\|\\s+(\\d+) \\*/");

    /** "offset:bit size" of each top-level member gdb prints for the type. */
    static List<String> gdbRows(Path elf, String type) {
        String out = Fixtures.run("gdb", "-batch", "-nx", "-ex", "ptype/o " + type, elf.toString());
        List<String> rows = new ArrayList<>();
        int depth = 0;
        for (String line : out.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (depth == 1 && m.find())
                rows.add(m.group(1) + ":" + (m.group(2) == null ? "0" : m.group(2)) + " " + m.group(3));
            for (char c : line.toCharArray()) { if (c == '{') depth++; else if (c == '}') depth--; }
        }
        return rows;
    }

    static List<String> ourRows(DebugInfo a, String type) throws Exception {
        StructLayout l = StructLayout.of(a.types(), a.types().die(a.typeLookup().best(type, 0)));
        List<String> rows = new ArrayList<>();
        for (StructLayout.Row r : l.rows()) rows.add(r.offset() + ":" + r.bit() + " " + r.size());
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void matchesGdbPtypeO(String version) throws Exception {
        check(Fixtures.build("types.c", "gcc", "-g", version, "-O0"), version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void clangLayoutsMatchGdb(String version) throws Exception {
        check(Fixtures.build("types.c", "clang-14", "-g", version, "-O0", "-w"), "clang " + version);
    }

    private static void check(Path bin, String version) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Fixtures.onPath("gdb"), "gdb not installed");
        DebugInfo a = DebugInfo.open(bin, null);
        for (String t : new String[] {"struct foo", "struct bar", "struct inner", "struct list_head", "struct pcp_stats", "struct flags"}) {
            List<String> expected = gdbRows(bin, t);
            assertTrue(expected.size() >= 2, "gdb printed members of " + t);
            assertEquals(expected, ourRows(a, t), t + " " + version);
        }
    }
}
