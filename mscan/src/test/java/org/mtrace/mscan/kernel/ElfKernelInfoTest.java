package org.mtrace.mscan.kernel;

import static org.mtrace.mscan.scenario.Commands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbols compiled with gcc at test time; expectations read back with binutils' readelf. */
class ElfKernelInfoTest {
    static final String SOURCE = """
            int counter_a = 1;
            long table_b[4] = {1};
            static int hidden_c = 3;
            __attribute__((weak)) int weak_d = 4;
            char __per_cpu_start[1];
            char __per_cpu_end[1];
            int func_e(void) { return hidden_c + counter_a; }
            static int helper_f(int x) { return x * 3; }
            int func_g(int y) { return helper_f(y) + 1; }
            """;

    @TempDir
    static Path dir;
    static Path elf;

    @BeforeAll
    static void compile() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, SOURCE);
        elf = dir.resolve("k.elf");
        run("gcc", "-O0", "-fno-inline", "-fno-common", "-nostdlib", "-static", "-Wl,-e,func_e", "-o",
                elf.toString(), c.toString());
    }

    /** readelf -sW rows: Num Value Size Type Bind Vis Ndx Name. */
    static List<String[]> readelfSymbols() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : run("readelf", "-sW", elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 8 && f[0].endsWith(":") && !f[0].equals("Num:")) {
                rows.add(f);
            }
        }
        return rows;
    }

    @Test
    void objectSymbolsMatchReadelf() throws Exception {
        ElfKernelInfo k = ElfKernelInfo.load(elf);
        List<String> expected = new ArrayList<>();
        long start = 0;
        long end = 0;
        for (String[] f : readelfSymbols()) {
            boolean bindOk = f[4].equals("LOCAL") || f[4].equals("GLOBAL");
            if (!bindOk || !f[3].equals("OBJECT")) {
                continue;
            }
            long value = Long.parseUnsignedLong(f[1], 16);
            if (f[7].equals("__per_cpu_start")) {
                start = value;
            } else if (f[7].equals("__per_cpu_end")) {
                end = value;
            } else if (Long.parseLong(f[2]) != 0) {
                expected.add(f[7] + "@" + Long.toHexString(value) + "+" + f[2]);
            }
        }
        List<String> actual = new ArrayList<>();
        for (StaticSymbol s : k.objectSymbols()) {
            actual.add(s.name() + "@" + Long.toHexString(s.address()) + "+" + s.size());
        }
        assertEquals(expected, actual);
        assertTrue(actual.stream().anyMatch(s -> s.startsWith("hidden_c@")));
        assertTrue(actual.stream().noneMatch(s -> s.startsWith("weak_d@")));
        assertEquals(new PerCpuRange(start, end), k.perCpuRange());
        assertTrue(start != 0 && end != 0);
        assertEquals(new PerCpuRange(start, end), k.originalPerCpuRange()); // OBJECT symbols: the original saw them too
    }

    /**
     * Without DWARF the static labels follow the same rules as with it (MSCAN.md §4.3 and the
     * documented fix of spec bug 35): {@code _Z} names are demangled, and the per-CPU range
     * symbols count whatever their ELF type (here NOTYPE labels, as a linker script makes them).
     */
    @Test
    void demangledNamesAndNotypePerCpuRange() throws Exception {
        Path c = dir.resolve("k2.c");
        Files.writeString(c, """
                int _ZN3foo3barE = 1;
                int plain = 2;
                __asm__(".data\\n.balign 8\\n.globl __per_cpu_start\\n__per_cpu_start:\\n"
                        ".globl pcpu_var\\n.type pcpu_var, @object\\n.size pcpu_var, 8\\npcpu_var: .quad 0\\n"
                        ".globl __per_cpu_end\\n__per_cpu_end:\\n");
                int func_e(void) { return plain; }
                """);
        Path elf2 = dir.resolve("k2.elf");
        run("gcc", "-O0", "-fno-common", "-nostdlib", "-static", "-Wl,-e,func_e", "-o", elf2.toString(),
                c.toString());
        long start = 0;
        long end = 0;
        long pcpu = 0;
        for (String line : run("readelf", "-sW", elf2.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 8 && f[0].endsWith(":") && !f[0].equals("Num:")) {
                long value = Long.parseUnsignedLong(f[1], 16);
                switch (f[7]) {
                    case "__per_cpu_start" -> {
                        assertEquals("NOTYPE", f[3]);
                        start = value;
                    }
                    case "__per_cpu_end" -> end = value;
                    case "pcpu_var" -> pcpu = value;
                    default -> {
                    }
                }
            }
        }
        ElfKernelInfo k = ElfKernelInfo.load(elf2);
        assertEquals(new PerCpuRange(start, end), k.perCpuRange());
        assertEquals(pcpu, start);
        // the original only took OBJECT range symbols: it saw no range (object ids follow it)
        assertEquals(PerCpuRange.NONE, k.originalPerCpuRange());
        List<String> names = k.objectSymbols().stream().map(StaticSymbol::name).toList();
        assertTrue(names.contains("foo::bar"), names.toString());
        assertTrue(names.contains("pcpu_var") && names.contains("plain"), names.toString());
    }

    @Test
    void functionsFromFuncSymbols() throws Exception {
        ElfKernelInfo k = ElfKernelInfo.load(elf);
        for (String[] f : readelfSymbols()) {
            if (f[3].equals("FUNC") && (f[7].equals("func_g") || f[7].equals("helper_f"))) {
                long value = Long.parseUnsignedLong(f[1], 16);
                long size = Long.parseLong(f[2]);
                assertEquals(f[7], k.function(value));
                assertEquals(f[7], k.function(value + size - 1));
                assertEquals(f[7] + " at ??:0", k.source(value + 1));
                assertEquals(List.of(f[7] + " at ??:0"), k.sourceWithInlines(value));
            }
        }
        assertNull(k.function(0));
        assertNull(k.fieldPath("anything", 4, 0));
    }

    @Test
    void fallbacksThroughAttribution() throws Exception {
        Attribution a = new KernelAttribution(ElfKernelInfo.load(elf));
        assertEquals("nosuch+0x10", a.resolve("nosuch", 0x1000, 0x10, 0));
        assertEquals("atomic_t+0x0", a.resolve("atomic_t", 0x1000, 0, 0));
        assertEquals("0x10 at ??:0", a.describe(0x10));
        assertEquals("0x10", a.func(0x10));
    }

    @Test
    void badImagesAreOneClearError() throws Exception {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "this is not an ELF file at all, just text");
        KernelImageException e = assertThrows(KernelImageException.class, () -> ElfKernelInfo.load(junk));
        assertTrue(e.getMessage().startsWith(junk + ": not an ELF file"), e.getMessage());
        Path missing = dir.resolve("missing");
        assertEquals("failed to open " + missing + ": no such file",
                assertThrows(KernelImageException.class, () -> ElfKernelInfo.load(missing)).getMessage());
    }
}
