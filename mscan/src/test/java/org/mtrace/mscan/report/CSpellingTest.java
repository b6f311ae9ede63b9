package org.mtrace.mscan.report;

import static org.mtrace.mscan.scenario.Commands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.kernel.DwarfKernelInfoFactory;
import org.mtrace.mscan.kernel.KernelInfo;

/**
 * The report's C spelling of member paths, checked by the C compiler: types shaped like the
 * kernel's (struct page's nested anonymous unions, a qspinlock, a union only one of whose members
 * reaches a byte, as struct file's {@code f_ra}) are compiled with gcc; for every byte of each,
 * the path the DWARF reader gives is spelt, and every alternative of the spelling must be a member
 * designator gcc accepts in {@code offsetof} that starts where the byte lies (less its {@code +0xN}
 * tail). Hand-worked spellings pin the flattening.
 */
class CSpellingTest {
    static final String TYPES = """
            struct list_head { struct list_head *next, *prev; };
            struct qspin { union { struct { int counter; } val; struct { unsigned char locked, pending; };
                                   struct { unsigned short locked_pending, tail; }; }; };
            struct pagelike {
              unsigned long flags;
              union {
                struct {
                  union { struct list_head lru; struct { void *__filler; unsigned int mlock_count; }; struct list_head buddy_list; };
                  void *mapping;
                };
                struct { unsigned long pp_magic; void *pp; };
                struct { unsigned long compound_head; };
              };
              union { unsigned int page_type; struct { int counter; } _mapcount; struct qspin ptl; };
              struct { int counter; } _refcount;
            };
            struct ra { unsigned long start; unsigned int size, async_size, ra_pages, mmap_miss; };
            struct filelike { long f_count; union { void *f_llist; struct ra f_ra; }; unsigned short f_mode; };
            struct nodelike { struct qspin lock; long gp_seq; };
            struct statelike { struct nodelike node[2]; long gp; unsigned bits_lo:3, bits_hi:4; };
            """;
    static final String[] TYPE_NAMES = {"pagelike", "filelike", "statelike"};

    @TempDir
    static Path dir;
    static KernelInfo kernel;

    @BeforeAll
    static void compile() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, TYPES + "struct pagelike gp; struct filelike gf; struct statelike gs;\nint main(void) { return 0; }\n");
        Path elf = dir.resolve("k.elf");
        run("gcc", "-g", "-gdwarf-5", "-O0", "-fno-common", "-o", elf.toString(), c.toString());
        System.setProperty("user.home", dir.toString()); // the index cache stays inside the test directory
        kernel = new DwarfKernelInfoFactory().open(elf);
    }

    @Test
    void nestedAnonymousUnionsAreOneSetOfAlternatives() {
        assertEquals("<anon>.{<anon>.<anon>.{lru.next|<anon>.__filler|buddy_list.next}|<anon>.pp_magic|<anon>.compound_head}",
                field("pagelike", 8));
        assertEquals("{lru.next|__filler|buddy_list.next|pp_magic|compound_head}", CSpelling.of(field("pagelike", 8)));
        assertEquals("{lru.prev|mlock_count|buddy_list.prev|pp}", CSpelling.of(field("pagelike", 16)));
        assertEquals("mapping", CSpelling.of(field("pagelike", 24)));
        assertEquals("{page_type|_mapcount.counter|ptl.{val.counter|locked|locked_pending}}", CSpelling.of(field("pagelike", 32)));
        assertEquals("_refcount.counter", CSpelling.of(field("pagelike", 36)));
        assertEquals("f_ra.mmap_miss", CSpelling.of(field("filelike", 28)));
        assertEquals("node[1].lock.{val.counter|locked|locked_pending}", CSpelling.of(field("statelike", 16)));
        assertEquals("node[1].lock.{val.counter+0x2|tail}", CSpelling.of(field("statelike", 18)));
        assertEquals("{bits_lo..bits_hi}", CSpelling.of(field("statelike", 40)));
    }

    @Test
    void pathsWithoutAnonymousMembersOrUnionsAreUnchanged() {
        assertEquals("d_lockref.count", CSpelling.of("d_lockref.count"));
        assertEquals("[3].x", CSpelling.of("[3].x"));
        assertEquals("", CSpelling.of(""));
        assertNull(CSpelling.of(null));
        assertEquals("{sched_remote_wakeup..no_cgroup_migration}", CSpelling.of("{sched_remote_wakeup..no_cgroup_migration}"));
        assertEquals("<do_offset(DW_TAG_foo@1,2)>", CSpelling.of("<do_offset(DW_TAG_foo@1,2)>"));
        assertEquals("f_mode+0x1", CSpelling.of("f_mode+0x1"));
    }

    @Test
    void everySpellingIsAMemberDesignatorHoldingItsByte() throws Exception {
        // for each byte of each type: the spelling's alternatives, checked with one compiled program
        List<String> checks = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int bytesSpelt = 0;
        for (String type : TYPE_NAMES) {
            long size = Long.parseLong(sizeOf(type));
            for (long off = 0; off < size; off++) {
                String path = field(type, off);
                if (path == null) {
                    continue;
                }
                String spelt = CSpelling.of(path);
                assertFalse(spelt.contains("<anon>"), path + " -> " + spelt);
                bytesSpelt++;
                for (String alt : alternatives(spelt)) {
                    int plus = alt.indexOf("+0x");
                    long tail = plus < 0 ? 0 : Long.parseLong(alt.substring(plus + 3), 16);
                    String designator = plus < 0 ? alt : alt.substring(0, plus);
                    if (designator.contains("bits_")) {
                        continue; // a bit-field or a run of them: offsetof does not take bit-fields
                    }
                    checks.add("printf(\"%zu %zu\\n\", offsetof(struct " + type + ", " + designator + "), sizeof(((struct "
                            + type + " *)0)->" + designator + "));");
                    expected.add(type + " byte " + off + " as " + alt + " (tail " + tail + ")");
                }
            }
        }
        assertTrue(bytesSpelt > 100, "bytes spelt: " + bytesSpelt);
        Path c = dir.resolve("check.c");
        Files.writeString(c, "#include <stddef.h>\n#include <stdio.h>\n" + TYPES + "int main(void) {\n"
                + String.join("\n", checks) + "\nreturn 0; }\n");
        Path bin = dir.resolve("check");
        run("gcc", "-o", bin.toString(), c.toString()); // fails if any alternative is not a member designator
        String[] lines = run(bin.toString()).split("\n");
        assertEquals(expected.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            long start = Long.parseLong(f[0]);
            long bytes = Long.parseLong(f[1]);
            String what = expected.get(i);
            long off = Long.parseLong(what.replaceAll(".* byte (\\d+) as .*", "$1"));
            long tail = Long.parseLong(what.replaceAll(".*\\(tail (\\d+)\\)", "$1"));
            // the member starts tail bytes before the byte (a tail past its size: padding after it)
            assertEquals(off, start + tail, what + ": offsetof " + start + ", sizeof " + bytes);
        }
    }

    @Test
    void anAccessNarrowsAUnionToTheMembersItFits() {
        assertEquals("node[1].lock.locked", fit("statelike", 16, 1));         // a byte store: the locked byte
        assertEquals("node[1].lock.locked_pending", fit("statelike", 16, 2)); // a 2-byte exchange
        assertEquals("node[1].lock.val.counter", fit("statelike", 16, 4));    // a 4-byte compare-and-exchange
        assertEquals("node[1].lock.tail", fit("statelike", 18, 2));
        assertEquals("node[1].lock.{val.counter+0x2|tail}", fit("statelike", 18, 1)); // fits no member: unchanged
        // every member holding the second word of pagelike is 8 bytes: an 8-byte access fits them all
        assertEquals("{lru.next|__filler|buddy_list.next|pp_magic|compound_head}", fit("pagelike", 8, 8));
        // a union inside an alternative: its members count as members
        assertEquals("{page_type|_mapcount.counter|ptl.val.counter}", fit("pagelike", 32, 4));
        assertEquals("ptl.locked", fit("pagelike", 32, 1));
    }

    @Test
    void everyNarrowedMemberStartsAndEndsWithTheAccess() throws Exception {
        List<String> checks = new ArrayList<>();
        List<long[]> expected = new ArrayList<>();
        for (String type : TYPE_NAMES) {
            long size = Long.parseLong(sizeOf(type));
            for (long off = 0; off < size; off++) {
                for (int bytes : new int[] {1, 2, 4, 8}) {
                    String spelt = CSpelling.of(field(type, off));
                    String narrowed = fit(type, off, bytes);
                    if (narrowed == null || narrowed.equals(spelt)) {
                        continue;
                    }
                    for (String alt : alternatives(narrowed)) {
                        checks.add("printf(\"%zu %zu\\n\", offsetof(struct " + type + ", " + alt + "), sizeof(((struct "
                                + type + " *)0)->" + alt + "));");
                        expected.add(new long[] {off, bytes});
                    }
                }
            }
        }
        assertTrue(expected.size() >= 8, "narrowed: " + expected.size());
        Path c = dir.resolve("fit.c");
        Files.writeString(c, "#include <stddef.h>\n#include <stdio.h>\n" + TYPES + "int main(void) {\n"
                + String.join("\n", checks) + "\nreturn 0; }\n");
        Path bin = dir.resolve("fit");
        run("gcc", "-o", bin.toString(), c.toString());
        String[] lines = run(bin.toString()).split("\n");
        assertEquals(expected.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            assertEquals(expected.get(i)[0] + " " + expected.get(i)[1], f[0] + " " + f[1], checks.get(i));
        }
    }

    /** The field as an access of {@code bytes} at {@code offset} fits it, from the reader's paths as the report asks. */
    private static String fit(String type, long offset, int bytes) {
        String at = CSpelling.of(field(type, offset));
        return CSpelling.fitting(at, bytes == 1 ? at : CSpelling.of(field(type, offset + bytes - 1)),
                CSpelling.of(field(type, offset + bytes)));
    }

    /** The member designators of a spelling: "a.{b|c.{d|e}}" is a.b, a.c.d and a.c.e (a bit-field run stays whole). */
    private static List<String> alternatives(String spelt) {
        int open = spelt.indexOf('{');
        if (open < 0 || spelt.contains("..")) {
            return List.of(spelt);
        }
        String pre = spelt.substring(0, open);
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = open + 1;
        for (int i = open + 1; i < spelt.length(); i++) {
            char c = spelt.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == '|' && depth == 0 || c == '}') {
                for (String alt : alternatives(spelt.substring(from, i))) {
                    out.add(pre + alt);
                }
                from = i + 1;
            }
        }
        return out;
    }

    private static String field(String type, long offset) {
        String p = kernel.fieldPath(type, offset, 0);
        return p == null ? null : p.startsWith(".") ? p.substring(1) : p;
    }

    private static String sizeOf(String type) throws Exception {
        Path c = dir.resolve("size-" + type + ".c");
        Files.writeString(c, "#include <stdio.h>\n" + TYPES + "int main(void) { printf(\"%zu\", sizeof(struct " + type
                + ")); return 0; }\n");
        Path bin = dir.resolve("size-" + type);
        run("gcc", "-o", bin.toString(), c.toString());
        return run(bin.toString());
    }
}
