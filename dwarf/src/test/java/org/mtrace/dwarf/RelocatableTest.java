package org.mtrace.dwarf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.source.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Relocatable objects (gcc -c, as kernel modules are built): with the debug sections' relocations applied,
 * section and symbol addresses are those gdb gives the same object, struct layouts are gdb's ptype/o, every
 * instruction of every code section has addr2line's frames (addr2line -j SECTION), and static variables'
 * members are named as gdb's expressions for their addresses.
 */
class RelocatableTest {
    private static final Pattern GDB_SECTION = Pattern.compile(
            "^\\s*\\[\\d+\\]\\s+0x([0-9a-f]+)->0x([0-9a-f]+) at 0x[0-9a-f]+: (\\S+) ALLOC", Pattern.MULTILINE);
    private static final Pattern GDB_ADDRESS = Pattern.compile("^\\$\\d+ = .*?0x([0-9a-f]+) <", Pattern.MULTILINE);
    private static final String[] SYMBOLS = {"root_inode", "root_sb", "epoch", "generation", "inode_attach",
            "inode_bytes", "init_fixture"};
    /** gdb expressions for member addresses and the description they must get. */
    private static final String[][] MEMBERS = {{"&root_inode.i_sb", "root_inode.i_sb"},
            {"&root_inode.i_lru.prev", "root_inode.i_lru.prev"}, {"&root_inode.i_times[2].tv_nsec",
            "root_inode.i_times[2].tv_nsec"}, {"&root_sb.s_inodes.next", "root_sb.s_inodes.next"},
            {"&epoch.tv_nsec", "epoch.tv_nsec"}, {"&root_inode.i_name[5]", "root_inode.i_name[5]"}};

    static Path object(String flags) {
        List<String> args = new ArrayList<>(List.of("-c", "-g"));
        args.addAll(List.of(flags.split(" ")));
        return Fixtures.build("reloc.c", "gcc", args.toArray(new String[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5 -O0", "-gdwarf-4 -O0", "-gdwarf-5 -O2 -ffunction-sections",
            "-gdwarf-4 -O2 -ffunction-sections -fdata-sections",
            "-gdwarf-5 -O2 -ffunction-sections -fdata-sections -gz -mcmodel=kernel -fno-pic"})
    void matchesGdbAndAddr2line(String flags) {
        check(object(flags), object(flags), flags);
    }

    /**
     * Type units (-fdebug-types-section) put one .debug_info (DWARF 5) or .debug_types (DWARF 4) section per
     * type in a COMDAT group, so the object has several sections of one name. binutils 2.40 loses inlined
     * frames on such a DWARF 5 object and gdb finds no types in the DWARF 4 one, so the oracle is the same
     * source compiled without type units, whose code is checked to be identical.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5 -O2", "-gdwarf-4 -O2"})
    void typeUnitObjectsMatchTheSameCodeWithoutTypeUnits(String flags) {
        Path withTypeUnits = object(flags + " -fdebug-types-section"), plain = object(flags);
        assertEquals(code(plain), code(withTypeUnits), "gcc emitted the same code");
        DebugInfo a = DebugInfo.open(withTypeUnits, null);
        assertTrue(a.dwarf().unitCount() > 2, "the object has type units");
        check(withTypeUnits, plain, flags + " -fdebug-types-section");
    }

    /** objdump -d without its first lines, which name the file. */
    private static String code(Path obj) {
        String d = Fixtures.run("objdump", "-d", obj.toString());
        return d.substring(d.indexOf("Disassembly of section"));
    }

    /** Our reading of {@code obj} against gdb and addr2line reading {@code oracle} (the same object, or the same code). */
    private static void check(Path obj, Path oracle, String flags) {
        Assumptions.assumeTrue(Fixtures.onPath("gdb"), "gdb not installed");
        DebugInfo a = DebugInfo.open(obj, null);
        obj = oracle;

        Map<String, Long> sections = gdbSections(obj);
        assertTrue(sections.size() >= 4, "gdb placed the allocated sections: " + sections);
        sections.forEach((name, addr) -> assertEquals(addr, a.elf().sectionAddress(name), name + " " + flags));

        List<String> gdb = new ArrayList<>(List.of("gdb", "-batch", "-nx"));
        for (String s : SYMBOLS) gdb.addAll(List.of("-ex", "print &" + s));
        for (String[] m : MEMBERS) gdb.addAll(List.of("-ex", "print " + m[0]));
        gdb.add(obj.toString());
        List<Long> addrs = new ArrayList<>();
        Matcher m = GDB_ADDRESS.matcher(Fixtures.run(gdb.toArray(new String[0])));
        while (m.find()) addrs.add(Long.parseUnsignedLong(m.group(1), 16));
        assertEquals(SYMBOLS.length + MEMBERS.length, addrs.size(), "gdb printed every address");
        for (int i = 0; i < SYMBOLS.length; i++)
            assertEquals(addrs.get(i), a.symbolAddress(SYMBOLS[i]).getAsLong(), SYMBOLS[i] + " " + flags);
        for (int i = 0; i < MEMBERS.length; i++)
            assertEquals(MEMBERS[i][1], a.describeAddress(addrs.get(SYMBOLS.length + i)), MEMBERS[i][0] + " " + flags);

        for (String t : new String[] {"struct inode", "struct super_block", "struct list_head", "struct timespec64"}) {
            List<String> expected = LayoutTest.gdbRows(obj, t);
            assertTrue(expected.size() >= 2, "gdb printed members of " + t);
            assertEquals(expected, ourRows(a, t), t + " " + flags);
        }

        int compared = 0;
        for (Map.Entry<String, List<String>> code : instructions(obj).entrySet()) {
            List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-s", "-a", "-e", obj.toString(),
                    "-j", code.getKey()));
            cmd.addAll(code.getValue());
            long base = sections.get(code.getKey());
            for (Map.Entry<Long, List<Frame>> e : SourceTest.parseAddr2line(Fixtures.run(cmd.toArray(new String[0])))
                    .entrySet()) {
                assertEquals(e.getValue(), a.frames(base + e.getKey()),
                        code.getKey() + "+0x" + Long.toHexString(e.getKey()) + " " + flags);
                compared++;
            }
        }
        assertTrue(compared > 40, "compared " + compared + " instructions");
    }

    private static List<String> ourRows(DebugInfo a, String type) {
        List<String> rows = new ArrayList<>();
        for (var r : a.layout(type).rows()) rows.add(r.offset() + ":" + r.bit() + " " + r.size());
        return rows;
    }

    /** Sections gdb gives addresses to in an object file, with those addresses (non-empty ones only). */
    static Map<String, Long> gdbSections(Path obj) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = GDB_SECTION.matcher(Fixtures.run("gdb", "-batch", "-nx", "-ex", "maint info sections", obj.toString()));
        while (m.find()) {
            long lo = Long.parseUnsignedLong(m.group(1), 16), hi = Long.parseUnsignedLong(m.group(2), 16);
            if (hi > lo) out.put(m.group(3), lo);
        }
        return out;
    }

    /** objdump's instruction offsets ("0x..") per code section. */
    private static Map<String, List<String>> instructions(Path obj) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String l : Fixtures.run("objdump", "-d", obj.toString()).split("\n")) {
            if (l.startsWith("Disassembly of section ")) {
                current = new ArrayList<>();
                out.put(l.substring(23, l.length() - 1), current);
            } else if (current != null && l.matches("^\\s+[0-9a-f]+:\\t.*")) {
                current.add("0x" + l.trim().substring(0, l.trim().indexOf(':')));
            }
        }
        return out;
    }

    /** The symptom: bin/mdwarf on a .o found no 'struct inode' (all names read as the same string). */
    @Test
    void layoutCommandFindsTypesOfAnObject() {
        CliTest.Result r = CliTest.mdwarf("layout", "--no-cache", object("-gdwarf-5 -O2").toString(), "struct inode");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("struct super_block *i_sb;"), r.out());
    }

    /** A relocation this reader does not know is an error naming the relocation section and entry. */
    @Test
    void unknownRelocationTypeIsAnError() throws Exception {
        Path obj = object("-gdwarf-5 -O0");
        String rela = Fixtures.run("readelf", "-S", "-W", obj.toString()).lines()
                .filter(l -> l.contains(" .rela.debug_info ")).findFirst().orElseThrow();
        String[] f = rela.substring(rela.indexOf(".rela.debug_info")).trim().split("\\s+");
        long offset = Long.parseLong(f[3], 16);
        byte[] bytes = Files.readAllBytes(obj);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset + 3 * 24 + 8, 42); // entry 3's r_type
        Path bad = Fixtures.dir().resolve("badreloc.o");
        Files.write(bad, bytes);
        DwarfException e = assertThrows(DwarfException.class, () -> DebugInfo.open(bad, null));
        assertEquals(bad + ": .rela.debug_info entry 3: relocation type 42 is not supported", e.getMessage());
    }
}
