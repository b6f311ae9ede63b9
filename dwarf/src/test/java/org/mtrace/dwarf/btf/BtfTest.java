package org.mtrace.dwarf.btf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.elf.ElfImage;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BTF reader on BTF that pahole encodes (-J) from a gcc-compiled object at test time. Expected
 * offsets are the x86-64 SysV layout worked out by hand in the comments below; skipped without gcc/pahole.
 */
class BtfTest {
    private static final String SOURCE = """
            struct s {
                int a;              /* 0 */
                char b;             /* 4 */
                long c;             /* 8 (aligned to 8) */
                unsigned x:3, y:5;  /* bits 128..130 and 131..135: storage unit unsigned at 16 */
                struct { short p; } in; /* 18: the bit-fields end in byte 17, short aligns to 2 */
                int arr[4];         /* 20..35 */
            };                      /* size 36 rounded up to long's alignment: 40 */
            union u { int i; char c[8]; }; /* size 8 */
            typedef struct s s_t;
            struct s gs; union u gu; s_t gt;
            """;

    @TempDir static Path dir;
    private static Btf btf;

    @BeforeAll
    static void build() throws Exception {
        Path c = dir.resolve("t.c"), o = dir.resolve("t.o");
        Files.writeString(c, SOURCE);
        Assumptions.assumeTrue(run("gcc", "-g", "-c", "-o", o.toString(), c.toString()), "gcc not available");
        Assumptions.assumeTrue(run("pahole", "-J", o.toString()), "pahole not available");
        ByteBuffer b = ElfImage.open(o).section(".BTF");
        Assumptions.assumeTrue(b != null, "pahole wrote no .BTF");
        btf = Btf.parse(o.toString(), b);
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void structLayoutAndBitFields() {
        int s = btf.find("struct s");
        assertEquals(Btf.STRUCT, btf.kind(s));
        assertEquals(40, btf.sizeOf(s));
        assertEquals(6 + 1, btf.vlen(s)); // a b c x y in arr
        assertEquals("x", btf.memberName(s, 3));
        assertEquals(128, btf.memberBitOffset(s, 3));
        assertEquals(3, btf.memberBitSize(s, 3));
        assertEquals(131, btf.memberBitOffset(s, 4));
        assertEquals(5, btf.memberBitSize(s, 4));
        assertEquals(8, btf.sizeOf(btf.find("union u")));
        assertEquals(s, btf.strip(btf.find("s_t")));
    }

    @Test
    void pathsFollowTheDwarfRendering() {
        BtfPath p = new BtfPath(btf);
        int s = btf.find("s");
        assertEquals(".c+0x1", p.of(s, 9));
        assertEquals(".y+0x1", p.of(s, 17)); // the last bit-field of the unit at 16
        assertEquals(".in.p+0x1", p.of(s, 19));
        assertEquals(".arr[2]", p.of(s, 28));
        assertEquals("+0x28", p.of(s, 40)); // past the end
        assertEquals(".{i+0x2|c[2]}", p.of(btf.find("union u"), 2));
        assertEquals(".{c[5]}", p.of(btf.find("union u"), 5));
    }

    @Test
    void corruptBtfIsOneLineWithTheOffset() {
        ByteBuffer whole = ElfImage.open(dir.resolve("t.o")).section(".BTF");
        byte[] bytes = new byte[whole.remaining()];
        whole.get(bytes);
        // type_len (header offset 12) claims more than the blob holds
        ByteBuffer bad = ByteBuffer.wrap(bytes.clone()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bad.putInt(12, bytes.length);
        DwarfException e = assertThrows(DwarfException.class, () -> Btf.parse("t.o", bad));
        assertTrue(e.getMessage().startsWith("t.o: .BTF offset 0xc: type section"), e.getMessage());
        // the first record's kind (byte 27 = top byte of info at header 24 + 4) set to 31, an unknown kind
        byte[] k = bytes.clone();
        k[24 + 7] = 31;
        e = assertThrows(DwarfException.class, () -> Btf.parse("t.o", ByteBuffer.wrap(k)));
        assertEquals("t.o: .BTF offset 0x1c: type 1 has unknown kind 31", e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }
}
