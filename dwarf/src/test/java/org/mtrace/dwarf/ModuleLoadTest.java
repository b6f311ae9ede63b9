package org.mtrace.dwarf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.elf.ModuleLoad;
import org.mtrace.dwarf.source.Frame;

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

/** Kernel modules placed at their load addresses (--module=FILE@ADDR[,SECTION=ADDR...]). */
class ModuleLoadTest {
    private static final long TEXT = 0xffffffffc0a00000L;

    /**
     * module.s assembled: its sections in header order are .text (0x30, align 16), .data (0x18, 8), .bss
     * (0x40, 64), .note.gnu.build-id (0x24, 4, A), .text.unlikely (0x10, 16), .init.text, .rodata (0x20, 32),
     * .modinfo, .data..ro_after_init (8, 8, WA), __jump_table (0x10, 8, WA), .gnu.linkonce.this_module
     * (0x40, 64, WA), .data..percpu. Linux 6.1's layout_sections, worked by hand:
     * executable: .text 0x0-0x30, .text.unlikely 0x30-0x40, page-aligned to 0x1000;
     * read-only: .note.gnu.build-id 0x1000-0x1024, .rodata 0x1040-0x1060 (.modinfo is not loaded) -> 0x2000;
     * ro_after_init: .data..ro_after_init 0x2000-0x2008, __jump_table 0x2008-0x2018 -> 0x3000;
     * writable: .data 0x3000-0x3018, .bss 0x3040-0x3080, .gnu.linkonce.this_module 0x3080-0x30c0.
     * .init.text (init allocation) and .data..percpu (per-CPU area) have no address of their own: their
     * symbols keep their section offsets.
     */
    @Test
    void sectionsFollowTheKernelsModuleLayout() {
        Path ko = Fixtures.build("module.s", "gcc", "-c", "-g"); // -g: the assembler writes a unit and a line table
        DebugInfo a = DebugInfo.open(ko, null, ModuleLoad.parse("0x" + Long.toHexString(TEXT)));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("text_sym", TEXT + 0x4);
        expected.put("unlikely_sym", TEXT + 0x38);
        expected.put("note_sym", TEXT + 0x1000);
        expected.put("rodata_sym", TEXT + 0x1050);
        expected.put("roai_sym", TEXT + 0x2000);
        expected.put("jump_sym", TEXT + 0x2010);
        expected.put("data_sym", TEXT + 0x3010);
        expected.put("bss_sym", TEXT + 0x3060);
        expected.put("this_module_sym", TEXT + 0x3080);
        expected.put("init_sym", 0x10L);
        expected.put("percpu_sym", 0x4L);
        expected.forEach((sym, addr) -> assertEquals(Long.toHexString(addr),
                Long.toHexString(a.symbolAddress(sym).getAsLong()), sym));
        assertTrue(a.contains(TEXT + 0x3070) && !a.contains(TEXT + 0x30c0) && !a.contains(0x10));

        DebugInfo moved = DebugInfo.open(ko, null,
                ModuleLoad.parse("0x" + Long.toHexString(TEXT) + ",.init.text=0xffffffffc0800000,.bss=0xffffffffc0b00000"));
        assertEquals(0xffffffffc0800010L, moved.symbolAddress("init_sym").getAsLong());
        assertEquals(0xffffffffc0b00020L, moved.symbolAddress("bss_sym").getAsLong());
        assertEquals(TEXT + 0x3010, moved.symbolAddress("data_sym").getAsLong());
    }

    /**
     * The same fixture placed by the base addresses of its memory regions, as the recorder logs them.
     * 6.1 (core_layout, init_layout): the core layout above from CORE, .init.text at INIT + 0.
     * 6.4+ (mem[], __layout_sections with module_get_offset_and_type, worked by hand): text: .text 0x0,
     * .text.unlikely 0x30; rodata: .note.gnu.build-id 0x0-0x24, .rodata 0x40 (align 32); ro_after_init:
     * .data..ro_after_init 0x0, __jump_table 0x8; data: .data 0x0-0x18, .bss 0x40 (align 64),
     * .gnu.linkonce.this_module 0x80; init_text: .init.text 0x0. Symbols sit at the offsets the
     * 6.1 layout shows inside their sections.
     */
    @Test
    void sectionsFollowTheRegionsTheRecorderLogs() {
        Path ko = Fixtures.build("module.s", "gcc", "-c", "-g");
        long core = 0xffffffffc0200000L, init = 0xffffffffc0400000L;
        DebugInfo old = DebugInfo.open(ko, null, ModuleLoad.ofRegions(Map.of("core", core, "init", init)));
        assertEquals(core + 0x38, old.symbolAddress("unlikely_sym").getAsLong());
        assertEquals(core + 0x2010, old.symbolAddress("jump_sym").getAsLong());
        assertEquals(core + 0x3080, old.symbolAddress("this_module_sym").getAsLong());
        assertEquals(init + 0x10, old.symbolAddress("init_sym").getAsLong());
        assertTrue(old.contains(init + 0x10) && old.contains(core + 0x3070));

        long text = 0xffffffffc0600000L, ro = 0xffffffffc0610000L, roai = 0xffffffffc0620000L,
                data = 0xffffffffc0630000L, initText = 0xffffffffc0640000L;
        DebugInfo mem = DebugInfo.open(ko, null, ModuleLoad.ofRegions(Map.of("text", text, "rodata", ro,
                "ro_after_init", roai, "data", data, "init_text", initText)));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("text_sym", text + 0x4);
        expected.put("unlikely_sym", text + 0x38);
        expected.put("note_sym", ro);
        expected.put("rodata_sym", ro + 0x50);
        expected.put("roai_sym", roai);
        expected.put("jump_sym", roai + 0x10);
        expected.put("data_sym", data + 0x10);
        expected.put("bss_sym", data + 0x60);
        expected.put("this_module_sym", data + 0x80);
        expected.put("init_sym", initText + 0x10);
        expected.put("percpu_sym", 0x4L);
        expected.forEach((sym, addr) -> assertEquals(Long.toHexString(addr),
                Long.toHexString(mem.symbolAddress(sym).getAsLong()), sym));
        assertTrue(mem.contains(data + 0xbf) && !mem.contains(data + 0xc0) && !mem.contains(text + 0x40));
    }

    @Test
    void badSpecificationsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> ModuleLoad.parse("0xzz"));
        assertThrows(IllegalArgumentException.class, () -> ModuleLoad.parse("0x1000,.data"));
        CliTest.Result r = CliTest.mdwarf("describe", "--no-cache", "--module=nofile", CliTest.types().toString(), "0x10");
        assertEquals(2, r.status());
        assertEquals("mdwarf: --module=nofile: expected FILE@ADDR[,SECTION=ADDR...]\n", r.err());
        r = CliTest.mdwarf("describe", "--no-cache", "--module=" + CliTest.types() + "@0x1000",
                CliTest.types().toString(), "0x10");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--module needs a relocatable object"), r.err());
    }

    /**
     * A module built as the kernel builds them (-mcmodel=kernel, one section per function and object) with
     * every section at a kernel address: gdb's add-symbol-file with the same section addresses gives the
     * symbol and member addresses, addr2line -j the lines; bin/mdwarf, given another ELF as the kernel,
     * describes the module's addresses and types from the module.
     */
    @Test
    void moduleAtKernelAddressesMatchesGdb() {
        Assumptions.assumeTrue(Fixtures.onPath("gdb"), "gdb not installed");
        Path ko = RelocatableTest.object("-gdwarf-5 -O2 -ffunction-sections -fdata-sections -mcmodel=kernel -fno-pic");
        Map<String, Long> sections = RelocatableTest.gdbSections(ko); // the allocated, non-empty sections
        StringBuilder spec = new StringBuilder(ko + "@0x" + Long.toHexString(TEXT));
        List<String> gdb = new ArrayList<>(List.of("gdb", "-batch", "-nx", "-ex"));
        StringBuilder add = new StringBuilder("add-symbol-file " + ko);
        Map<String, Long> placed = new LinkedHashMap<>();
        long next = 0xffffffffc1000000L;
        for (String s : sections.keySet()) {
            placed.put(s, next);
            spec.append(',').append(s).append("=0x").append(Long.toHexString(next));
            add.append(" -s ").append(s).append(" 0x").append(Long.toHexString(next));
            next += 0x10000;
        }
        gdb.add(add.toString());
        String[] exprs = {"&root_inode.i_lru.prev", "&root_sb.s_id", "&epoch.tv_nsec", "&init_fixture"};
        for (String e : exprs) gdb.addAll(List.of("-ex", "print " + e));
        List<Long> addrs = new ArrayList<>();
        Matcher m = Pattern.compile("^\\$\\d+ = .*?0x([0-9a-f]+) <", Pattern.MULTILINE)
                .matcher(Fixtures.run(gdb.toArray(new String[0])));
        while (m.find()) addrs.add(Long.parseUnsignedLong(m.group(1), 16));
        assertEquals(exprs.length, addrs.size(), "gdb printed every address");

        String moduleSpec = spec.substring(spec.indexOf("@") + 1);
        DebugInfo a = DebugInfo.open(ko, null, ModuleLoad.parse(moduleSpec));
        assertEquals("root_inode.i_lru.prev", a.describeAddress(addrs.get(0)));
        assertEquals("root_sb.s_id", a.describeAddress(addrs.get(1)));
        assertEquals("epoch.tv_nsec", a.describeAddress(addrs.get(2)));
        assertEquals(addrs.get(3).longValue(), a.symbolAddress("init_fixture").getAsLong());

        String section = ".text.inode_bytes";
        Map<Long, List<Frame>> lines = SourceTest.parseAddr2line(Fixtures.run("addr2line", "-f", "-i", "-s", "-a", "-e",
                ko.toString(), "-j", section, "0x0", "0x4", "0x8"));
        lines.forEach((off, frames) -> assertEquals(frames, a.frames(placed.get(section) + off), section + "+" + off));

        Path kernel = CliTest.types();
        CliTest.Result r = CliTest.mdwarf("describe", "--no-cache", "--module=" + spec, kernel.toString(),
                "0x" + Long.toHexString(addrs.get(0)));
        assertEquals(0, r.status(), r.err());
        assertEquals("root_inode.i_lru.prev\n", r.out());
        r = CliTest.mdwarf("addr2line", "--no-cache", "--module=" + spec, kernel.toString(),
                "0x" + Long.toHexString(placed.get(section)));
        assertEquals("0x" + Long.toHexString(placed.get(section)) + "\t"
                + lines.get(0L).get(0).render(placed.get(section)) + "\n", r.out());
        r = CliTest.mdwarf("describe", "--no-cache", "--module=" + spec, kernel.toString(), "struct inode", "24");
        assertEquals("(*(struct inode)0x0).i_lru.prev\n", r.out());
        r = CliTest.mdwarf("layout", "--no-cache", "--module=" + spec, kernel.toString(), "struct super_block");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("struct list_head s_inodes;"), r.out());
    }
}
