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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtrace.dwarf.frame.CallFrameInfo;
import org.mtrace.dwarf.frame.StackSlot;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;

/**
 * The frame and local variable a stack access falls in (issue 16 item 1), on a gcc -O2 fixture with
 * the stack protector (a canary slot that no variable holds) at DWARF 4 and 5, with the call-frame
 * information in {@code .eh_frame} (gcc's default) and in {@code .debug_frame} (as the kernel is
 * built, {@code -fno-asynchronous-unwind-tables}), and with a frame pointer. Every instruction of the
 * fixture's functions is taken from objdump's disassembly:
 * <ul>
 * <li>a memory operand is placed when its base is {@code %rsp}, or {@code %rbp} where readelf's CFA
 * table gives the CFA as {@code rbp+N} at the PC; the function is objdump's symbol, the inlined one
 * addr2line's innermost frame; the variable comes from gdb running the fixture stopped at the access:
 * of the C lvalues the EXPECT marker on the access's line lists, the one whose address
 * {@code &(lvalue)} equals {@code $base + disp} (gdb computes it with its own unwinder and DWARF
 * reader); when none does, the marker must say none;</li>
 * <li>push, pop, leave and ret are placed in their function's frame without a variable, at the distance
 * from the CFA that readelf's CFA rule at the PC gives (none for a push or pop where the CFA is
 * {@code rbp+N}); a call in the callee's frame (the name objdump prints), at CFA - 8.</li>
 * </ul>
 */
class StackSlotsTest {
    private static final Pattern FUNCTION = Pattern.compile("^[0-9a-f]+ <(submit|consume|note)>:$"
            + "((?:\\n\\s+[0-9a-f]+:.*)+)", Pattern.MULTILINE);
    private static final Pattern INSN = Pattern.compile("^\\s+([0-9a-f]+):\\t(\\S+)\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern OPERAND = Pattern.compile("(-?0x[0-9a-f]+)?\\(%(\\w+)\\)");
    private static final Pattern EXPECT = Pattern.compile("EXPECT ([^*]*?)\\s*(\\(.*\\))?\\s*\\*/");
    private static final Pattern GDB_LINE = Pattern.compile("^AT 0x([0-9a-f]+)((?: -?\\d+)*)$", Pattern.MULTILINE);
    private static final Pattern FDE = Pattern.compile("FDE cie=\\S+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final Pattern CFA_ROW = Pattern.compile("^([0-9a-f]{8,16}) (r[sb]p)\\+(\\d+)");

    /**
     * {@code struct req { long id; int flags; int mode; char name[16]; }} (frames.c) laid out by the
     * x86-64 psABI: 8-byte long at 0, ints at 8 and 12, the chars from 16; 32 bytes.
     */
    private static final Map<String, Long> REQ_OFFSETS = Map.of(".id", 0L, ".flags", 8L, ".mode", 12L, ".name[3]", 19L);

    private record Access(String function, long pc, String mnemonic, String base, long disp, List<String> candidates) {
    }

    private record Cfa(String register, long offset) {
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4, -fasynchronous-unwind-tables, .eh_frame",
            "-gdwarf-5, -fasynchronous-unwind-tables, .eh_frame",
            "-gdwarf-4, -fno-asynchronous-unwind-tables, .debug_frame",
            "-gdwarf-5, -fno-asynchronous-unwind-tables, .debug_frame",
            "-gdwarf-5, -fno-omit-frame-pointer, .eh_frame"})
    void everyStackAccessNamesTheFrameAndTheVariableGdbFindsThere(String version, String flag, String section)
            throws IOException {
        Path bin = Fixtures.build("frames.c", "gcc", "-g", version, "-O2", "-no-pie", "-fstack-protector-all", flag);
        List<String> source = Files.readAllLines(Fixtures.dir().resolve("frames.c"));
        DebugInfo d = DebugInfo.open(bin, null);
        assertEquals(section, CallFrameInfo.of(d.elf()).section(), "where the CFA rules come from");
        Map<Long, Cfa> cfa = readelfCfa(bin);
        List<Access> accesses = new ArrayList<>();
        int implicit = implicitAccesses(bin, d, cfa);
        String disassembly = Fixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString());
        Matcher f = FUNCTION.matcher(disassembly);
        while (f.find()) {
            Matcher m = INSN.matcher(f.group(2));
            while (m.find()) {
                Access a = access(bin, source, f.group(1), m);
                if (a != null) accesses.add(a);
            }
        }
        List<Access> placed = new ArrayList<>();
        for (Access a : accesses) {
            Cfa rule = cfaAt(cfa, a.pc);
            if (a.base.equals("rsp") || (a.base.equals("rbp") && rule.register.equals("rbp"))) placed.add(a);
        }
        Map<Long, long[]> atRuntime = gdbDistances(bin, placed);
        int named = 0, inlined = 0, structs = 0;
        for (Access a : accesses) {
            StackSlot s = d.stackSlot(a.pc);
            String what = a.function + " " + Long.toHexString(a.pc) + " " + a.mnemonic + " " + a.disp + "(%" + a.base + ")";
            if (!placed.contains(a)) {
                assertNull(s, what + ": not through the stack or frame pointer, no frame");
                continue;
            }
            assertNotNull(s, what);
            assertEquals(a.function, s.function(), what);
            String innermost = innermostFunction(bin, a.pc);
            assertEquals(innermost.equals(a.function) ? null : innermost, s.inlined(), what + ": inlined");
            Cfa rule = cfaAt(cfa, a.pc);
            assertEquals(a.base.equals(rule.register) ? a.disp - rule.offset : StackSlot.UNKNOWN, s.cfaOffset(), what);
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
            if (s.variable().equals("r")) { // submit's struct req: the slot's place in it, by the x86-64 ABI
                assertEquals(new ObjectAccess(new AccessedType("req", 32, "r"), REQ_OFFSETS.get(s.path())), s.object(), what);
                structs++;
            } else {
                assertNull(s.object(), what + ": not a struct");
            }
            named++;
            if (s.inlined() != null) inlined++;
        }
        assertTrue(placed.size() >= 10, "stack accesses with a memory operand in the fixture: " + placed.size());
        assertTrue(named >= 8, "accesses with a variable: " + named);
        assertEquals(2, inlined, "seen[0] and seen[1], locals of the inlined tally");
        assertTrue(structs >= 4, "accesses to the struct req r: " + structs);
        assertTrue(accesses.size() > placed.size(), "accesses through other registers are checked too");
        assertTrue(implicit >= 7, "pushes, pops, leaves, rets and calls checked: " + implicit);
    }

    /** The memory access of one instruction of objdump's listing, with its line's EXPECT marker; null if none. */
    private static Access access(Path bin, List<String> source, String function, Matcher m) {
        String mnemonic = m.group(2), operands = m.group(3);
        if (mnemonic.startsWith("nop") || mnemonic.startsWith("lea") || !operands.contains("(%")) return null;
        Matcher op = OPERAND.matcher(operands);
        if (!op.find() || operands.contains("%fs:")) return null; // the canary's TLS source: no base register
        int line = innermostLine(bin, m.group(1));
        Matcher e = EXPECT.matcher(source.get(line - 1));
        assertTrue(e.find(), "no EXPECT marker on line " + line + " for " + m.group(0));
        long disp = op.group(1) == null ? 0 : Long.decode(op.group(1));
        return new Access(function, Long.parseLong(m.group(1), 16), mnemonic, op.group(2), disp,
                List.of(e.group(1).split(" ")));
    }

    /**
     * Checks every push, pop, leave, ret and direct call of the fixture's functions against objdump and
     * readelf; returns how many.
     */
    private static int implicitAccesses(Path bin, DebugInfo d, Map<Long, Cfa> cfa) {
        Matcher f = FUNCTION.matcher(Fixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString()));
        int n = 0;
        while (f.find()) {
            Matcher m = INSN.matcher(f.group(2));
            while (m.find()) {
                long pc = Long.parseLong(m.group(1), 16);
                String mnemonic = m.group(2), operands = m.group(3);
                String what = f.group(1) + " " + m.group(0).trim();
                boolean push = mnemonic.equals("push") && operands.startsWith("%");
                boolean pop = (mnemonic.equals("pop") && operands.startsWith("%")) || mnemonic.equals("ret");
                Cfa rule = push || pop || mnemonic.equals("leave") ? cfaAt(cfa, pc) : null;
                long expected;
                String function = f.group(1);
                if (push || pop) { // relative to %rsp: a distance from the CFA only where the CFA is rsp+N
                    expected = !rule.register.equals("rsp") ? StackSlot.UNKNOWN : push ? -8 - rule.offset : -rule.offset;
                } else if (mnemonic.equals("leave")) {
                    assertEquals("rbp", rule.register, what);
                    expected = -rule.offset;
                } else if (mnemonic.equals("call") && operands.matches("[0-9a-f]+ <\\w+>")) {
                    function = operands.substring(operands.indexOf('<') + 1, operands.indexOf('>'));
                    if (function.contains("@plt")) continue;
                    expected = -8;
                } else {
                    continue;
                }
                StackSlot s = d.stackSlot(pc);
                assertNotNull(s, what);
                assertEquals(function, s.function(), what);
                assertEquals(expected, s.cfaOffset(), what + ": distance from the CFA");
                assertNull(s.variable(), what + ": saved registers and return addresses are no variable");
                n++;
            }
        }
        return n;
    }

    /** readelf's CFA rule per row of every FDE: row address → rule (rows of one FDE end at its end). */
    private static Map<Long, Cfa> readelfCfa(Path bin) {
        TreeMap<Long, Cfa> rows = new TreeMap<>();
        long end = -1;
        for (String line : Fixtures.run("readelf", "--debug-dump=frames-interp", bin.toString()).split("\n")) {
            Matcher fde = FDE.matcher(line);
            if (fde.find()) {
                if (end >= 0) rows.putIfAbsent(end, null);
                end = Long.parseLong(fde.group(2), 16);
                continue;
            }
            Matcher r = CFA_ROW.matcher(line);
            if (r.find()) rows.put(Long.parseLong(r.group(1), 16), new Cfa(r.group(2), Long.parseLong(r.group(3))));
        }
        if (end >= 0) rows.putIfAbsent(end, null);
        return rows;
    }

    private static Cfa cfaAt(Map<Long, Cfa> rows, long pc) {
        Map.Entry<Long, Cfa> e = ((TreeMap<Long, Cfa>) rows).floorEntry(pc);
        assertNotNull(e == null ? null : e.getValue(), "readelf has no CFA rule at " + Long.toHexString(pc));
        return e.getValue();
    }

    /**
     * gdb runs the fixture with a breakpoint at every placed access and prints, per candidate lvalue of
     * its marker, {@code &(lvalue) - ($base + disp)}: PC → distances in candidate order.
     */
    private static Map<Long, long[]> gdbDistances(Path bin, List<Access> accesses) throws IOException {
        StringBuilder script = new StringBuilder();
        for (Access a : accesses) {
            script.append("break *0x").append(Long.toHexString(a.pc)).append("\ncommands\nsilent\nprintf \"AT 0x%lx\", $pc\n");
            for (String c : a.candidates) {
                String expr = c.equals("none") ? "0" : "(long)&(" + c + ") - (long)($" + a.base + " + " + a.disp + ")";
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
