package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtrace.dwarf.frame.CallFrameInfo;
import org.mtrace.dwarf.frame.StackSlot;

/**
 * The frame and local variable a {@code disp(%rsp)} access falls in (issue 16 item 1), on a gcc -O2
 * fixture with the stack protector (a canary slot that no variable holds) at DWARF 4 and 5, with the
 * call-frame information in {@code .eh_frame} (gcc's default) and in {@code .debug_frame} (as the
 * kernel is built, {@code -fno-asynchronous-unwind-tables}). Every memory access of the fixture's
 * functions is found in objdump's disassembly; the function expected is objdump's symbol, the inlined
 * one addr2line's innermost frame. The variable comes from gdb running the fixture stopped at each
 * {@code %rsp} access: of the C lvalues the EXPECT marker on the access's line lists, the one whose
 * address {@code &(lvalue)} equals {@code $rsp + disp} (gdb computes it with its own unwinder and
 * DWARF reader); when none does, the marker must say none.
 */
class StackSlotsTest {
    private static final Pattern FUNCTION = Pattern.compile("^[0-9a-f]+ <(submit|consume|note)>:$"
            + "((?:\\n\\s+[0-9a-f]+:.*)+)", Pattern.MULTILINE);
    private static final Pattern ACCESS = Pattern.compile("^\\s+([0-9a-f]+):\\t(\\S+)\\s+(\\S*\\(%\\S*)$", Pattern.MULTILINE);
    private static final Pattern OPERAND = Pattern.compile("(-?0x[0-9a-f]+)?\\(%(\\w+)\\)");
    private static final Pattern EXPECT = Pattern.compile("EXPECT ([^*]*?)\\s*(\\(.*\\))?\\s*\\*/");
    private static final Pattern GDB_LINE = Pattern.compile("^AT 0x([0-9a-f]+)((?: -?\\d+)*)$", Pattern.MULTILINE);

    private record Access(String function, long pc, String mnemonic, String base, long disp, List<String> candidates) {
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4, -fasynchronous-unwind-tables, .eh_frame",
            "-gdwarf-5, -fasynchronous-unwind-tables, .eh_frame",
            "-gdwarf-4, -fno-asynchronous-unwind-tables, .debug_frame",
            "-gdwarf-5, -fno-asynchronous-unwind-tables, .debug_frame"})
    void everyStackAccessNamesTheFrameAndTheVariableGdbFindsThere(String version, String unwind, String section)
            throws IOException {
        Path bin = Fixtures.build("frames.c", "gcc", "-g", version, "-O2", "-no-pie", "-fstack-protector-all", unwind);
        List<String> source = Files.readAllLines(Fixtures.dir().resolve("frames.c"));
        DebugInfo d = DebugInfo.open(bin, null);
        assertEquals(section, CallFrameInfo.of(d.elf()).section(), "where the CFA rules come from");
        List<Access> accesses = accesses(bin, source);
        Map<Long, long[]> atRuntime = gdbDistances(bin, accesses);
        int viaRsp = 0, named = 0, inlined = 0;
        for (Access a : accesses) {
            StackSlot s = d.stackSlot(a.pc);
            String what = a.function + " " + Long.toHexString(a.pc) + " " + a.mnemonic + " " + a.disp + "(%" + a.base + ")";
            if (!a.base.equals("rsp")) {
                assertNull(s, what + ": not through %rsp, no frame");
                continue;
            }
            viaRsp++;
            assertNotNull(s, what);
            assertEquals(a.function, s.function(), what);
            String innermost = innermostFunction(bin, a.pc);
            assertEquals(innermost.equals(a.function) ? null : innermost, s.inlined(), what + ": inlined");
            long[] distances = atRuntime.get(a.pc);
            assertNotNull(distances, what + ": gdb did not stop there");
            String expected = null;
            for (int i = 0; i < a.candidates.size(); i++) {
                if (!a.candidates.get(i).equals("none") && distances[i] == 0) expected = a.candidates.get(i);
            }
            if (expected == null) {
                assertTrue(a.candidates.contains("none"), what + ": gdb finds none of " + a.candidates + " there");
                assertNull(s.variable(), what + ": " + s);
                continue;
            }
            assertEquals(expected, s.variable() + s.path(), what);
            assertTrue(s.cfaOffset() < 0, what + ": inside the frame, below its CFA");
            named++;
            if (s.inlined() != null) inlined++;
        }
        assertTrue(viaRsp >= 10, "stack accesses through %rsp in the fixture: " + viaRsp);
        assertTrue(named >= 8, "accesses with a variable: " + named);
        assertEquals(2, inlined, "seen[0] and seen[1], locals of the inlined tally");
        assertTrue(accesses.size() > viaRsp, "accesses through other registers are checked too");
    }

    /** Every memory access of the fixture's functions in objdump's disassembly, with its line's EXPECT marker. */
    private static List<Access> accesses(Path bin, List<String> source) {
        List<Access> out = new ArrayList<>();
        Matcher f = FUNCTION.matcher(Fixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString()));
        while (f.find()) {
            Matcher m = ACCESS.matcher(f.group(2));
            while (m.find()) {
                if (m.group(2).startsWith("nop") || m.group(2).startsWith("lea")) continue;
                Matcher op = OPERAND.matcher(m.group(3));
                if (!op.find() || m.group(3).contains("%fs:")) continue; // the canary's TLS source: no base register
                int line = innermostLine(bin, m.group(1));
                Matcher e = EXPECT.matcher(source.get(line - 1));
                assertTrue(e.find(), "no EXPECT marker on line " + line + " for " + m.group(0));
                long disp = op.group(1) == null ? 0 : Long.decode(op.group(1));
                out.add(new Access(f.group(1), Long.parseLong(m.group(1), 16), m.group(2), op.group(2), disp,
                        List.of(e.group(1).split(" "))));
            }
        }
        return out;
    }

    /**
     * gdb runs the fixture with a breakpoint at every {@code %rsp} access and prints, per candidate
     * lvalue of its marker, {@code &(lvalue) - ($rsp + disp)}: PC → distances in candidate order.
     */
    private static Map<Long, long[]> gdbDistances(Path bin, List<Access> accesses) throws IOException {
        StringBuilder script = new StringBuilder();
        for (Access a : accesses) {
            if (!a.base.equals("rsp")) continue;
            script.append("break *0x").append(Long.toHexString(a.pc)).append("\ncommands\nsilent\nprintf \"AT 0x%lx\", $pc\n");
            for (String c : a.candidates) {
                String expr = c.equals("none") ? "0" : "(long)&(" + c + ") - (long)($rsp + " + a.disp + ")";
                script.append("printf \" %ld\", ").append(expr).append('\n');
            }
            script.append("printf \"\\n\"\ncontinue\nend\n");
        }
        script.append("run\n");
        Path file = Fixtures.dir().resolve(bin.getFileName() + ".gdb");
        Files.writeString(file, script);
        Matcher m = GDB_LINE.matcher(Fixtures.run("gdb", "-batch", "-nx", "-x", file.toString(), bin.toString()));
        Map<Long, long[]> out = new HashMap<>();
        while (m.find()) {
            String[] v = m.group(2).trim().split(" ");
            long[] distances = new long[v.length];
            for (int i = 0; i < v.length; i++) distances[i] = v[i].isEmpty() ? 0 : Long.parseLong(v[i]);
            out.putIfAbsent(Long.parseLong(m.group(1), 16), distances);
        }
        return out;
    }

    /** The source line addr2line gives for the PC in the innermost inline frame (the line that made the access). */
    private static int innermostLine(Path bin, String pcHex) {
        String first = Fixtures.run("addr2line", "-e", bin.toString(), pcHex).trim();
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1).replaceAll(" .*", ""));
    }

    /** addr2line's innermost function at the PC. */
    private static String innermostFunction(Path bin, long pc) {
        return Fixtures.run("addr2line", "-f", "-i", "-e", bin.toString(), Long.toHexString(pc)).split("\n")[0].trim();
    }
}
