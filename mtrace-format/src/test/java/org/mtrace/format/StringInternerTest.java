package org.mtrace.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The interner gives what {@link Bytes#string} decodes, one instance per value, for fields whose
 * names differ only past their eighth byte, in length, or in the bytes after the NUL (which
 * must not matter), and keeps answering right once it is full.
 */
class StringInternerTest {
    @Test
    void oneStringPerValueWhateverFollowsTheNul() {
        SplittableRandom rng = new SplittableRandom(3);
        StringInterner interner = new StringInterner();
        Map<String, String> first = new HashMap<>();
        String[] names = {"kmalloc-192", "kmalloc-19", "kmalloc-1920", "vm_area_struct", "vm_area_structX", "",
                "a", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef012345678"};
        byte[] buf = new byte[64 * 4 + 3];
        for (int round = 0; round < 20_000; round++) {
            String name = rng.nextInt(4) == 0 ? "name-" + rng.nextInt(40_000) : names[rng.nextInt(names.length)];
            int off = 3 + 64 * rng.nextInt(4);
            rng.nextBytes(buf); // garbage after the NUL
            Bytes.putString(buf, off, name, false);
            if (name.length() < 64) {
                buf[off + name.length()] = 0;
            }
            String got = interner.intern(buf, off);
            assertEquals(Bytes.string(buf, off), got);
            String seen = first.putIfAbsent(got, got);
            if (seen != null && first.size() < StringInterner.CAPACITY) {
                assertSame(seen, got, "one instance per value while not full: " + name);
            }
        }
    }
}
