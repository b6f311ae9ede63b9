package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * describe(type, base, offset) on the ATTRIBUTION.md §2.6 test types. Expected strings are the original's
 * outputs from the spec's table, except where the issue asks for its errors to be fixed (marked FIXED,
 * worked by hand from the C layout).
 */
class DescribeTest {
    private static final long BASE = 0xffff880012340000L;
    private static final String P = "0xffff880012340000)";

    static DebugInfo open(String... flags) {
        Path bin = Fixtures.build("types.c", "gcc", flags);
        return DebugInfo.open(bin, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5", "-gdwarf-2", "-gdwarf-3"})
    void originalExamples(String version) {
        checkExamples(open("-g", version, "-O0"), version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void originalExamplesWithClang(String version) {
        checkExamples(DebugInfo.open(Fixtures.build("types.c", "clang-14", "-g", version, "-O0", "-w"), null),
                "clang " + version);
    }

    private static void checkExamples(DebugInfo a, String version) {
        String[][] cases = {
                {"foo", "0", "(*(foo)" + P + ".x"},
                {"foo", "2", "(*(foo)" + P + ".x+0x2"},
                {"foo", "9", "(*(foo)" + P + ".name[5]"},
                {"foo", "20", "(*(foo)" + P + ".l+0x4"},
                {"foo", "24", "(*(foo)" + P + ".<anon>.{u1|u2[0]|parts.lo}"},
                {"foo", "28", "(*(foo)" + P + ".<anon>.{u1+0x4|u2[4]|parts.hi}"},
                // FIXED: u2 is 8 bytes, so it stays in the union at byte 31.
                {"foo", "31", "(*(foo)" + P + ".<anon>.{u1+0x7|u2[7]|parts.hi+0x3}"},
                {"foo", "34", "(*(foo)" + P + ".named_u.{i+0x2}"},
                {"foo", "40", "(*(foo)" + P + ".arr[0].b[2]"},
                {"foo", "63", "(*(foo)" + P + ".arr[3].b[1]"},
                {"foo", "72", "(*(foo)" + P + ".lh.prev"},
                {"foo", "80", "(*(foo)" + P + ".cnt.counter"},
                {"foo", "86", "(*(foo)" + P + ".cv+0x2"},
                // FIXED: byte 88 holds both bit-fields f1 (bits 0-2) and f2 (3-7); the original named the
                // last field of the storage unit, f2, for every byte of it.
                {"foo", "88", "(*(foo)" + P + ".{f1..f2}"},
                {"foo", "89", "(*(foo)" + P + ".f2+0x1"}, // padding of the unit: its last member, a tail
                {"foo", "92", "(*(foo)" + P + ".tail[0]"},
                {"foo", "96", "(*(foo)" + P + "+0x60"},
                {"bar", "112", "(*(bar)" + P + ".z[4]"},
                {"bar", "120", "(*(bar)" + P + "+0x78"},
                {"int", "2", "(*(int)" + P + "+0x2"},
                // FIXED: typedef names are found.
                {"atomic_t", "0", "(*(atomic_t)" + P + ".counter"},
                {"bar2_t", "100", "(*(bar2_t)" + P + ".z[1]"},
                // FIXED: the zero-length array's DW_AT_count is understood; z is 0 bytes so only q remains.
                {"uz", "0", "(*(uz)" + P + ".{q}"},
                // FIXED: the unit's first top-level type is found.
                {"first", "4", "(*(first)" + P + ".b"},
                {"struct foo", "80", "(*(struct foo)" + P + ".cnt.counter"},
                {"union uu", "0", "(*(union uu)" + P + ".{i|s}"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], a.describe(c[0], BASE, Long.parseLong(c[1]), 0), c[0] + "+" + c[1] + " " + version);
        }
        assertNull(a.describe("nosuch", BASE, 16, 0));
        assertNull(a.describe("struct atomic_t", BASE, 0, 0), "a typedef is not a struct tag");
    }

    @Test
    void bitFieldsDescribeTheSameInDwarf4And5() {
        DebugInfo v4 = open("-g", "-gdwarf-4", "-O0"), v5 = open("-g", "-gdwarf-5", "-O0");
        // a byte holding bit-fields is named by them, whatever the DWARF version numbers bits by
        // (DWARF 4: storage unit and bit offset from its MSB; DWARF 5: data_bit_offset)
        assertEquals("(*(flags)" + P + ".{a..b}", v4.describe("flags", BASE, 0, 0));
        assertEquals("(*(flags)" + P + ".b", v4.describe("flags", BASE, 1, 0));
        assertEquals("(*(flags)" + P + ".{d..e}", v4.describe("flags", BASE, 4, 0));
        assertEquals("(*(flags)" + P + ".e+0x2", v4.describe("flags", BASE, 6, 0)); // padding: the unit's last, a tail
        assertEquals("(*(flags)" + P + ".g", v4.describe("flags", BASE, 15, 0));
        assertEquals("(*(flags)" + P + ".h", v4.describe("flags", BASE, 16, 0));
        for (int off = 0; off < 24; off++)
            assertEquals(v4.describe("flags", BASE, off, 0), v5.describe("flags", BASE, off, 0), "offset " + off);
    }

    /**
     * Each byte of {@code struct flags} that holds bit-fields is named by the fields gdb's
     * {@code ptype/o} places there ({@code offset: bit} and width of each), for gcc's DWARF 4 and 5.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void aBitFieldByteIsNamedByTheFieldsGdbPlacesThere(String version) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Fixtures.onPath("gdb"), "gdb not installed");
        Path bin = Fixtures.build("types.c", "gcc", "-g", version, "-O0");
        DebugInfo a = DebugInfo.open(bin, null);
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "^/\\*\\s+(\\d+):\\s*(\\d+)\\s+\\|\\s+\\d+ \\*/\\s+.* (\\w+) : (\\d+);");
        java.util.List<long[]> bits = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String line : Fixtures.run("gdb", "-batch", "-nx", "-ex", "ptype/o struct flags", bin.toString()).split("\n")) {
            java.util.regex.Matcher m = row.matcher(line.trim());
            if (!m.find()) continue;
            bits.add(new long[] {Long.parseLong(m.group(1)) * 8 + Long.parseLong(m.group(2)), Long.parseLong(m.group(4))});
            names.add(m.group(3));
        }
        assertEquals(7, names.size(), "gdb printed the seven bit-fields");
        int named = 0;
        for (int off = 0; off < 24; off++) {
            java.util.List<String> here = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (bits.get(i)[0] < off * 8 + 8 && bits.get(i)[0] + bits.get(i)[1] > off * 8) here.add(names.get(i));
            }
            if (here.isEmpty()) continue;
            String path = here.size() == 1 ? "." + here.get(0) : ".{" + here.get(0) + ".." + here.get(here.size() - 1) + "}";
            assertEquals("(*(flags)" + P + path, a.describe("flags", BASE, off, 0), "byte " + off + " " + version);
            named++;
        }
        assertEquals(14, named, "bytes 0-5 and 8-15 hold bit-fields");
    }

    @Test
    void dwarf64FormatGivesTheSameAnswers() {
        DebugInfo plain = open("-g", "-gdwarf-5", "-O0");
        DebugInfo wide = open("-g", "-gdwarf-5", "-gdwarf64", "-O0");
        assertEquals(8, wide.dwarf().unit(0).offsetSize);
        long g = wide.symbolAddress("global_bars").getAsLong(), h = plain.symbolAddress("global_bars").getAsLong();
        for (int off = 0; off < 240; off++) {
            assertEquals(plain.describe("bar", BASE, off, 0), wide.describe("bar", BASE, off, 0));
            assertEquals(plain.describeAddress(h + off), wide.describeAddress(g + off));
        }
    }

    @Test
    void compressedSectionsGiveTheSameAnswers() {
        DebugInfo plain = open("-g", "-gdwarf-5", "-O0");
        DebugInfo gz = open("-g", "-gdwarf-5", "-O0", "-gz=zlib");
        assertEquals(true, gz.elf().hasSection(".debug_info"));
        for (int off = 0; off < 120; off++)
            assertEquals(plain.describe("bar", BASE, off, 0), gz.describe("bar", BASE, off, 0));
    }

    @Test
    void zstdCompressedSectionsGiveTheSameAnswers() {
        Path plainBin = Fixtures.build("types.c", "gcc", "-g", "-gdwarf-5", "-O0");
        Path zstd = Fixtures.dir().resolve("types-zstd");
        try {
            Fixtures.run("objcopy", "--compress-debug-sections=zstd", plainBin.toString(), zstd.toString());
        } catch (IllegalStateException e) {
            org.junit.jupiter.api.Assumptions.abort("objcopy cannot write zstd sections here");
        }
        DebugInfo plain = DebugInfo.open(plainBin, null), z = DebugInfo.open(zstd, null);
        for (int off = 0; off < 120; off++) assertEquals(plain.describe("bar", BASE, off, 0), z.describe("bar", BASE, off, 0));
        long main = plain.symbolAddress("main").getAsLong();
        assertEquals(plain.source(main), z.source(main));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void typeUnitsAreFollowed(String version) {
        DebugInfo a = open("-g", version, "-fdebug-types-section", "-O0");
        boolean typeUnit = false;
        for (int i = 0; i < a.dwarf().unitCount(); i++) typeUnit |= a.dwarf().unit(i).isTypeUnit();
        assertEquals(true, typeUnit, "the fixture has type units");
        assertEquals("(*(foo)" + P + ".arr[0].b[2]", a.describe("foo", BASE, 40, 0));
        assertEquals("global_foo.lh.prev", a.describeAddress(a.symbolAddress("global_foo").getAsLong() + 72));
    }

    @Test
    void cppInheritanceAtTrueOffsets() {
        DebugInfo a = DebugInfo.open(Fixtures.build("classes.cc", "g++", "-g", "-gdwarf-4", "-O0"), null);
        String[][] cases = {
                {"B", "4", ".a2"},
                // FIXED (original: a1 and a2+0x4): C = {P at 0, B at 8 = {A at 8 = {a1, a2}, b1 at 16}, c1 at 20}.
                {"C", "0", ".p"}, {"C", "8", ".a1"}, {"C", "12", ".a2"}, {"C", "16", ".b1"}, {"C", "20", ".c1"},
                {"D", "12", ".a2"}, {"D", "24", ".d1"},
                {"V", "0", "._vptr.V"}, {"V", "8", ".v1"},
                {"outer::inner::Deep", "8", ".y"}, {"struct outer::Mid", "4", ".z"}, {"Deep", "4", ".x+0x4"},
        };
        for (String[] c : cases)
            assertEquals("(*(" + c[0] + ")0x1000)" + c[2], a.describe(c[0], 0x1000, Long.parseLong(c[1]), 0), c[0] + "+" + c[1]);
        assertNull(a.describe("inner::Deep", 0x1000, 0, 0), "only full qualification or none");
    }

    @Test
    void pcHintChoosesTheUnitsOwnDefinition() {
        DebugInfo a = DebugInfo.open(Fixtures.build("dup1.c,dup2.c", "gcc", "-g", "-gdwarf-5", "-O0"), null);
        long fn1 = a.symbolAddress("dup1_fn").getAsLong(), fn2 = a.symbolAddress("dup2_fn").getAsLong();
        assertEquals("(*(dup)0x0).first_b", a.describe("dup", 0, 4, fn1));
        assertEquals("(*(dup)0x0).second_b", a.describe("dup", 0, 8, fn2));
        assertEquals("(*(dup)0x0).first_a", a.describe("dup", 0, 0, 0), "no hint: first unit's definition");
        assertEquals("dup2_obj.second_b", a.describeAddress(a.symbolAddress("dup2_obj").getAsLong() + 8));
    }

    @Test
    void globalsAndPerCpuVariables() {
        DebugInfo a = open("-g", "-gdwarf-5", "-O0");
        long foo = a.symbolAddress("global_foo").getAsLong();
        assertEquals("global_foo.arr[1].b[0]", a.describeAddress(foo + 46));
        long bars = a.symbolAddress("global_bars").getAsLong();
        assertEquals("global_bars[1].z[5]", a.describeAddress(bars + 120 + 96 + 20));
        assertEquals("static_first.b", a.describeAddress(a.symbolAddress("static_first").getAsLong() + 4));
        assertEquals("global_atomic.counter", a.describeAddress(a.symbolAddress("global_atomic").getAsLong()));
        assertEquals("pcpu_stats.misses[2]", a.describeAddress(a.symbolAddress("pcpu_stats").getAsLong() + 24));
        assertEquals("pcpu_counter", a.describeAddress(a.symbolAddress("pcpu_counter").getAsLong()));
        long local = a.symbolAddress("local_static.0").orElse(a.symbolAddress("local_static.1").orElse(-1));
        if (local != -1) assertEquals("local_static.b[1]", a.describeAddress(local + 3));
    }
}
