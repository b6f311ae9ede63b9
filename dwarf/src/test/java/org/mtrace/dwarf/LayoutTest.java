package org.mtrace.dwarf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.describe.StructLayout;
import org.mtrace.dwarf.describe.VariableLayout;

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

    /**
     * The flexible array member a struct ends with: {@code struct foo}'s {@code int tail[]} at gdb's
     * offsetof (92, before sizeof's padding to 96), 4-byte elements; {@code struct bar} ends with a
     * sized array, {@code struct first} with an int: none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void aFlexibleArrayMemberIsFoundAtGdbsOffset(String version) throws Exception {
        Path bin = typesWithGdb(version);
        DebugInfo a = DebugInfo.open(bin, null);
        long offset = gdbValue(bin, "(long)&((struct foo *)0)->tail");
        assertEquals(new org.mtrace.dwarf.describe.FlexibleArray("tail", offset, gdbValue(bin, "sizeof(int)")),
                a.flexibleArray("foo"));
        // sizeof pads past the array's start: the first byte past sizeof is an element further on
        long size = gdbValue(bin, "sizeof(struct foo)");
        assertEquals("tail[" + (size - offset) / 4 + "]", a.flexibleArray("foo").path(size));
        assertEquals("tail[2]+0x1", a.flexibleArray("foo").path(offset + 9));
        assertEquals(null, a.flexibleArray("bar"));
        assertEquals(null, a.flexibleArray("first"));
    }

    /**
     * A global variable's layout is its type's, found through the symbol table: members as gdb's
     * {@code ptype/o} of the type prints them, the size as the symbol table's (gdb's {@code sizeof}
     * of a variable whose struct ends with a flexible array stops at the array: 92 for
     * {@code global_foo}, where the object has 96), the type's spelling (a typedef keeps its name); an
     * array of structs has one element's members and that element's size.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void aVariablesLayoutIsItsTypesAsGdbPrintsIt(String version) throws Exception {
        Path bin = typesWithGdb(version);
        DebugInfo a = DebugInfo.open(bin, null);
        for (String[] v : new String[][] {{"global_foo", "struct foo"}, {"global_bar2", "bar2_t"},
                {"global_flags", "struct flags"}, {"static_first", "struct first"}}) {
            VariableLayout l = a.variableLayout(v[0]);
            assertEquals(v[1], l.type(), v[0]);
            assertEquals(symbolSize(bin, v[0]), l.size(), v[0]);
            assertEquals(0, l.elementSize(), v[0]);
            List<String> expected = gdbRows(bin, v[1]); // the variable's own ptype/o sizes a flexible array too
            assertTrue(expected.size() >= 2, "gdb printed members of " + v[1]);
            assertEquals(expected, rows(l.rows()), v[0] + " " + version);
        }
        VariableLayout bars = a.variableLayout("global_bars"); // struct bar global_bars[2]
        assertEquals(symbolSize(bin, "global_bars"), bars.size());
        assertTrue(bars.type().startsWith("struct bar") && bars.type().endsWith("[2]"), bars.type());
        assertEquals(gdbValue(bin, "sizeof(struct bar)"), bars.elementSize());
        assertEquals(gdbRows(bin, "struct bar"), rows(bars.rows()));
        assertEquals(null, a.variableLayout("no_such_variable"));
    }

    private static List<String> rows(List<StructLayout.Row> layout) {
        List<String> rows = new ArrayList<>();
        for (StructLayout.Row r : layout) rows.add(r.offset() + ":" + r.bit() + " " + r.size());
        return rows;
    }

    /** types.c built by gcc with {@code version}'s DWARF, for tests that ask gdb (skipped without it). */
    private static Path typesWithGdb(String version) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Fixtures.onPath("gdb"), "gdb not installed");
        return Fixtures.build("types.c", "gcc", "-g", version, "-O0");
    }

    /** The size readelf -sW gives the symbol. */
    private static long symbolSize(Path bin, String name) {
        for (String line : Fixtures.run("readelf", "-sW", bin.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[7].equals(name)) return Long.parseLong(f[2]);
        }
        throw new AssertionError("readelf shows no symbol " + name);
    }

    private static long gdbValue(Path bin, String expr) {
        String out = Fixtures.run("gdb", "-batch", "-nx", "-ex", "print/d " + expr, bin.toString());
        return Long.parseLong(out.substring(out.indexOf('=') + 1).trim());
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
