package org.mtrace.mscan.kernel;

import static org.mtrace.mscan.scenario.Commands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's attribution with the DWARF-backed kernel reader, on the test type of
 * ATTRIBUTION.md §2.6 compiled with gcc at test time. Expected field paths are the spec's table
 * (rows the original got right); symbol addresses come from nm and source lines from addr2line.
 */
class DwarfKernelInfoTest {
    static final String SOURCE = """
            struct inner { short a; char b[6]; };
            typedef struct { int counter; } atomic_t;
            struct foo {
              int x;
              char name[5];
              long l;
              union { long u1; char u2[8]; struct { int lo, hi; } parts; };
              union uu { int i; short s; } named_u;
              struct inner arr[3];
              struct list_head { struct list_head *next, *prev; } lh;
              atomic_t cnt;
              const volatile int cv;
              unsigned f1:3, f2:5;
              int tail[];
            };
            struct foo gfoo;
            long counter;
            int main(void) { return gfoo.x + (int) counter; }
            """;
    static final long BASE = 0xffff880012340000L;
    static final String OBJ = "(*(foo)0xffff880012340000)";

    @TempDir
    static Path dir;
    static Path elf;
    static Path stripped;

    @BeforeAll
    static void compile() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, SOURCE);
        elf = dir.resolve("k.elf");
        run("gcc", "-g", "-gdwarf-5", "-O0", "-fno-common", "-o", elf.toString(), c.toString());
        stripped = dir.resolve("k.stripped");
        run("strip", "-o", stripped.toString(), elf.toString());
        System.setProperty("user.home", dir.toString()); // keep the index cache inside the test directory
    }

    static long nmAddress(String symbol) throws Exception {
        for (String line : run("nm", elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(symbol)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        throw new AssertionError("nm has no " + symbol);
    }

    @Test
    void heapObjectsGetTheSpecsFieldPaths() throws Exception {
        Attribution a = new KernelAttribution(new DwarfKernelInfoFactory().open(elf));
        assertEquals(OBJ + ".x", a.resolve("foo", BASE, 0, 0));
        assertEquals(OBJ + ".x+0x2", a.resolve("foo", BASE, 2, 0));
        assertEquals(OBJ + ".l+0x4", a.resolve("foo", BASE, 20, 0));
        assertEquals(OBJ + ".<anon>.{u1|u2[0]|parts.lo}", a.resolve("foo", BASE, 24, 0));
        assertEquals(OBJ + ".arr[0].b[2]", a.resolve("foo", BASE, 40, 0));
        assertEquals(OBJ + ".lh.prev", a.resolve("foo", BASE, 72, 0));
        assertEquals(OBJ + ".cnt.counter", a.resolve("foo", BASE, 80, 0));
        assertEquals(OBJ + "+0x60", a.resolve("foo", BASE, 96, 0));
        assertEquals("nosuch+0x10", a.resolve("nosuch", BASE, 16, 0));
    }

    /**
     * Which placed objects a {@code foo} holds where they lie (the report's nested placements), at the
     * offsets gdb's {@code ptype/o struct foo} gives for the fixture on x86-64: {@code named_u} (a
     * {@code union uu}) at 32, {@code arr} ({@code struct inner[3]}, 8 bytes each) at 36, {@code lh} at
     * 64, {@code cnt} (an {@code atomic_t}) at 80.
     */
    @Test
    void aStructHoldsTheObjectsOfItsMembersWhereTheyLie() throws Exception {
        KernelInfo k = new DwarfKernelInfoFactory().open(elf);
        assertTrue(k.holdsAt("foo", 80, "atomic_t"));
        assertTrue(k.holdsAt("foo", 64, "list_head"));
        assertTrue(k.holdsAt("foo", 32, "uu"));
        assertTrue(k.holdsAt("foo", 36, "inner"), "arr[0]");
        assertTrue(k.holdsAt("foo", 52, "inner"), "arr[2]");
        assertFalse(k.holdsAt("foo", 40, "inner"), "inside arr[0], not at an element's start");
        assertFalse(k.holdsAt("foo", 84, "atomic_t"), "cv is an int");
        assertFalse(k.holdsAt("foo", 72, "list_head"), "lh.prev is a pointer: a list_head is not inside it");
        assertFalse(k.holdsAt("foo", 0, "foo"), "not itself");
    }

    @Test
    void staticLabelsAreDescribedByTheirVariablesType() throws Exception {
        KernelInfo k = new DwarfKernelInfoFactory().open(elf);
        long gfoo = nmAddress("gfoo");
        StaticSymbol sym = k.objectSymbols().stream().filter(s -> s.name().equals("gfoo")).findFirst().orElseThrow();
        assertEquals(gfoo, sym.address());
        assertEquals(96, sym.size());
        Attribution a = new KernelAttribution(k);
        // the original printed gfoo+0x50 here (ATTRIBUTION.md §1)
        assertEquals("gfoo.cnt.counter", a.resolve("gfoo", gfoo, 80, 0));
        assertEquals("counter", a.resolve("counter", nmAddress("counter"), 0, 0));
    }

    @Test
    void pcsAreDescribedAsAddr2lineDoes() throws Exception {
        Attribution a = new KernelAttribution(new DwarfKernelInfoFactory().open(elf));
        long main = nmAddress("main");
        String[] expected = run("addr2line", "-f", "-s", "-e", elf.toString(), Long.toHexString(main)).split("\n");
        assertEquals(expected[0] + " at " + expected[1], a.describe(main));
        assertEquals("main", a.func(main));
    }

    @Test
    void aFileThatIsNotElfIsOneErrorWithoutTheDwarfWarning() throws Exception {
        Path text = dir.resolve("not-elf.txt");
        Files.writeString(text, "hello, not an ELF image\n");
        KernelImageException e = org.junit.jupiter.api.Assertions.assertThrows(KernelImageException.class,
                () -> new DwarfKernelInfoFactory().open(text));
        assertEquals(text + ": not an ELF file", e.getMessage());
    }

    @Test
    void strippedImageFallsBackToTheSymbolTableWithOneWarning() throws Exception {
        // strip removes .symtab as well, so even the fallback knows no symbols; the point is
        // that it is used (no failure) and that the warning names the file.
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        KernelInfo k;
        try {
            k = new DwarfKernelInfoFactory().open(stripped);
        } finally {
            System.setErr(saved);
        }
        assertInstanceOf(ElfKernelInfo.class, k);
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("mscan: Cannot init dwarf: ") && warning.contains(stripped.toString()), warning);
        assertEquals("foo+0x18", new KernelAttribution(k).resolve("foo", BASE, 24, 0));
    }
}
