package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which objects a struct holds where they lie ({@code describe.Nesting}, through {@link DebugInfo#holdsAt}),
 * on a gcc fixture whose offsets come from gdb: a lock whose inner object sits in an anonymous union
 * behind a typedef (the kernel's {@code spinlock_t}), a typedef of an anonymous struct (its
 * {@code atomic_t}) and an array's elements.
 */
class NestingTest {
    static Path bin;
    static DebugInfo d;

    @BeforeAll
    static void build() {
        bin = Fixtures.build("nesting.c", "gcc", "-g", "-O0");
        d = DebugInfo.open(bin, null);
    }

    private static long offset(String member) {
        String out = Fixtures.run("gdb", "-batch", "-ex", "print/d (long)&((struct bucket *)0)->" + member, bin.toString());
        return Long.parseLong(out.substring(out.indexOf('=') + 1).trim());
    }

    @Test
    void aStructHoldsTheObjectsOfItsMembersWhereTheyLie() {
        long lock = offset("lock"), rlock = offset("lock.rlock"), arr1 = offset("arr[1]");
        assertTrue(d.holdsAt("bucket", offset("waiters"), "count_t"), "a typedef of an anonymous struct");
        assertTrue(d.holdsAt("bucket", lock, "spin_t"), "by its typedef");
        assertTrue(d.holdsAt("bucket", lock, "spin"), "by its tag");
        assertTrue(d.holdsAt("bucket", rlock, "raw"), "inside an anonymous union");
        assertTrue(d.holdsAt("bucket", arr1, "raw"), "an array's element");
        assertTrue(d.holdsAt("spin_t", 0, "raw"), "the outer type by its typedef");
        assertFalse(d.holdsAt("bucket", offset("waiters.counter") + 1, "count_t"), "inside waiters, not at its start");
        assertFalse(d.holdsAt("bucket", offset("tail"), "raw"), "a long");
        assertFalse(d.holdsAt("bucket", 0, "bucket"), "not itself");
        assertFalse(d.holdsAt("nosuch", 0, "raw"));
    }
}
