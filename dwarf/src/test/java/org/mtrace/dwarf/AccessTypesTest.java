package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;

/**
 * The type an accessing instruction's DWARF gives the object it accesses (issue 16 item 4, the
 * fallback after the allocation site), on a gcc -O2 fixture: every memory access of the fixture's
 * functions is found in objdump's disassembly; its EXPECT marker (on the source line addr2line gives,
 * outermost inline frame) names the type, and the offset into the object comes from gdb. The
 * register must point to the object's start: one byte further in, no type. Covers a parameter in a
 * register, an inlined parameter at a constant distance from one ({@code DW_OP_breg5 8;
 * DW_OP_stack_value}, gdb {@code info scope}), container_of, an indexed access, a {@code void *} and an
 * inlined atomic helper's pointer to the struct its caller's pointer begins with, in the same register
 * (the larger object: a futex hash bucket, not the atomic_t of its waiters), and three of one size nested
 * at one start (a lock, its lock word, the word's counter: the lock).
 */
class AccessTypesTest {
    private static final Pattern FUNCTION = Pattern.compile("^[0-9a-f]+ <(read_state|touch|name_at|raw|id_of_link|enter|take)>:$"
            + "((?:\\n\\s+[0-9a-f]+:.*)+)", Pattern.MULTILINE);
    private static final Pattern ACCESS = Pattern.compile("^\\s+([0-9a-f]+):\\t((?:lock )?\\S+)\\s+(\\S*\\(%\\S*)$", Pattern.MULTILINE);
    private static final Pattern EXPECT = Pattern.compile("EXPECT (\\w+) (\\w+) ([\\w.]+)");

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void everyAccessGetsTheTypeItsSourceLineNames(String version) throws IOException {
        Path bin = Fixtures.build("accessinsn.c", "gcc", "-g", version, "-O2");
        List<String> source = Files.readAllLines(Fixtures.dir().resolve("accessinsn.c"));
        DebugInfo d = DebugInfo.open(bin, null);
        Matcher f = FUNCTION.matcher(Fixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString()));
        int accesses = 0, typed = 0;
        while (f.find()) {
            Matcher m = ACCESS.matcher(f.group(2));
            while (m.find()) {
                if (m.group(2).startsWith("nop") || m.group(2).startsWith("lea")) continue;
                String pc = m.group(1);
                int line = Fixtures.outermostLine(bin, pc);
                Matcher e = EXPECT.matcher(source.get(line - 1));
                assertTrue(e.find(), "no EXPECT marker on line " + line);
                long offset = gdb(bin, "(long)&((struct " + e.group(2) + " *)0)->" + e.group(3));
                AccessedType t = d.accessType(Long.parseLong(pc, 16), offset);
                accesses++;
                String what = f.group(1) + " " + m.group(2) + " " + m.group(3) + " at offset " + offset;
                if (e.group(1).equals("none")) {
                    assertNull(t, what);
                    continue;
                }
                assertNotNull(t, what);
                typed++;
                assertEquals(e.group(1), t.type(), what);
                assertEquals(gdb(bin, "sizeof(struct " + t.type() + ")"), t.size(), "sizeof " + t.type());
                assertNull(d.accessType(Long.parseLong(pc, 16), offset + 1), what + ": the register is not the start");
                // wherever the object lies, the instruction places its start the same offset back
                assertEquals(new ObjectAccess(t, offset), d.accessedObject(Long.parseLong(pc, 16)), what);
            }
        }
        assertEquals(7, accesses, "memory accesses in the fixture's functions");
        assertEquals(5, typed);
    }

    /** A C expression's value as gdb prints it ({@code print/d}). */
    private static long gdb(Path bin, String expr) {
        String out = Fixtures.run("gdb", "-batch", "-ex", "print/d " + expr, bin.toString());
        return Long.parseLong(out.substring(out.indexOf('=') + 1).trim());
    }
}
