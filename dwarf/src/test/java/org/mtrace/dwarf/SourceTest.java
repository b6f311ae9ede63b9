package org.mtrace.dwarf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.source.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** function/source/inline frames for every instruction of an -O2 binary, compared with addr2line -f -i -s. */
class SourceTest {
    private static final Pattern INSN = Pattern.compile("^\\s+([0-9a-f]+):\\t", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-2", "-gdwarf-3", "-gdwarf-4", "-gdwarf-5"})
    void everyInstructionMatchesAddr2line(String version) {
        check(Fixtures.build("inline.c", "gcc", "-g", version, "-O2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void clangBinariesMatchAddr2line(String version) {
        check(Fixtures.build("inline.c", "clang-14", "-g", version, "-O2"), version.equals("-gdwarf-5"));
    }

    private static void check(Path bin) {
        check(bin, false);
    }

    /**
     * With {@code rnglistxInlines}, binutils 2.40 is known to drop inlined frames whose ranges are given
     * as DW_FORM_rnglistx (clang DWARF 5): then our chain may be longer, but the PC's own line and the
     * outermost function must still agree.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void cppNamesMatchAddr2lineDemangled(String version) {
        Path bin = Fixtures.build("names.cc", "g++", "-g", version, "-O2");
        DebugInfo a = DebugInfo.open(bin, null);
        List<String> pcs = instructions(bin);
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-C", "-f", "-i", "-s", "-a", "-e", bin.toString()));
        cmd.addAll(pcs);
        int qualified = 0;
        for (Map.Entry<Long, List<Frame>> e : parseAddr2line(Fixtures.run(cmd.toArray(new String[0]))).entrySet()) {
            assertEquals(e.getValue(), a.frames(e.getKey()), "pc 0x" + Long.toHexString(e.getKey()));
            if (e.getValue().get(0).function() != null && e.getValue().get(0).function().contains("::")) qualified++;
        }
        assertTrue(qualified > 0, "some frames are qualified C++ names");
    }

    /**
     * Inlined subroutines nested in a lexical block whose own ranges do not cover them (g++ -O2 emits an
     * empty DW_AT_ranges list for the loop body's block) are still part of the chain, as binutils reports
     * them: every instruction has addr2line's frame count, calls sites and outermost function, and at the
     * helper's instructions the chain is helper / fs::deep(int) / vfs::lookup(int) (hand-checked with
     * readelf -wi -wR). binutils 2.40 sometimes names the first frame with another function of the unit
     * (history-dependent: asking for the same PC again gives "helper"), so only the first frame's
     * function name is not compared.
     */
    @org.junit.jupiter.api.Test
    void inlinesInsideLexicalBlocksWithoutCoveringRanges() {
        Path bin = Fixtures.build("lexblock.cc", "g++", "-g", "-gdwarf-4", "-O2", "-ffreestanding", "-nostdlib", "-static",
                "-fno-exceptions", "-fno-rtti");
        DebugInfo a = DebugInfo.open(bin, null);
        List<String> pcs = instructions(bin);
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-C", "-f", "-i", "-s", "-a", "-e", bin.toString()));
        cmd.addAll(pcs);
        int helperChains = 0;
        for (Map.Entry<Long, List<Frame>> e : parseAddr2line(Fixtures.run(cmd.toArray(new String[0]))).entrySet()) {
            String at = "pc 0x" + Long.toHexString(e.getKey());
            List<Frame> want = e.getValue();
            List<Frame> got = a.frames(e.getKey());
            assertEquals(want.size(), got.size(), at);
            assertEquals(want.subList(1, want.size()), got.subList(1, got.size()), at);
            assertEquals(want.get(0).file() + ":" + want.get(0).line(), got.get(0).file() + ":" + got.get(0).line(), at);
            if (got.size() == 3 && "helper".equals(got.get(0).function()) && "fs::deep(int)".equals(got.get(1).function())
                    && "vfs::lookup(int)".equals(got.get(2).function()))
                helperChains++; // the chain through lookup's lexical block with the empty range list
        }
        assertTrue(helperChains > 0, "some instruction is in helper inlined into deep inlined into lookup");
    }

    private static List<String> instructions(Path bin) {
        List<String> pcs = new ArrayList<>();
        Matcher m = INSN.matcher(Fixtures.run("objdump", "-d", "--section=.text", bin.toString()));
        while (m.find()) pcs.add("0x" + m.group(1));
        return pcs;
    }

    private static void check(Path bin, boolean rnglistxInlines) {
        DebugInfo a = DebugInfo.open(bin, null);
        List<String> pcs = instructions(bin);
        assertTrue(pcs.size() > 50, "objdump found instructions");
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-s", "-a", "-e", bin.toString()));
        cmd.addAll(pcs);
        Map<Long, List<Frame>> expected = parseAddr2line(Fixtures.run(cmd.toArray(new String[0])));
        int inlinedSeen = 0;
        for (Map.Entry<Long, List<Frame>> e : expected.entrySet()) {
            List<Frame> got = a.frames(e.getKey());
            List<Frame> want = e.getValue();
            if (rnglistxInlines && !want.equals(got) && got.size() > want.size()) {
                assertEquals(want.get(0).file() + ":" + want.get(0).line(), got.get(0).file() + ":" + got.get(0).line());
                assertEquals(want.get(want.size() - 1), got.get(got.size() - 1));
                continue;
            }
            assertEquals(want, got, "pc 0x" + Long.toHexString(e.getKey()));
            if (got.size() > 1) inlinedSeen++;
        }
        assertTrue(inlinedSeen > 0, "the fixture has inlined frames");
        long compute = a.symbolAddress("compute").getAsLong();
        assertEquals("compute", a.function(compute));
        assertEquals(expected.get(compute).get(0).render(compute), a.source(compute));
    }

    /** addr2line -a output: an address line, then (function, file:line) pairs, innermost first. */
    static Map<Long, List<Frame>> parseAddr2line(String out) {
        Map<Long, List<Frame>> map = new LinkedHashMap<>();
        String[] lines = out.split("\n");
        List<Frame> cur = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.matches("0x[0-9a-f]{8,16}")) {
                cur = new ArrayList<>();
                map.put(Long.parseUnsignedLong(l.substring(2), 16), cur);
                continue;
            }
            String fn = l;
            String loc = lines[++i];
            int sp = loc.indexOf(' ');
            if (sp >= 0) loc = loc.substring(0, sp); // "(discriminator N)"
            int colon = loc.lastIndexOf(':');
            String lineText = loc.substring(colon + 1);
            int line = lineText.matches("\\d+") ? Integer.parseInt(lineText) : 0;
            cur.add(new Frame(fn.equals("??") ? null : fn, loc.substring(0, colon), line));
        }
        return map;
    }
}
