package org.mtrace.mscan.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineSetTest {
    @Test
    void behavesLikeASetOfLinesUnderAddAndClear() {
        Random rnd = new Random(5);
        LineSet set = new LineSet();
        Set<Long> ref = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            int n = rnd.nextInt(5000);
            for (int i = 0; i < n; i++) {
                // line 0, the top line, kernel and user lines, and addresses inside a line
                long addr = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(64);
                    case 1 -> -1L - rnd.nextInt(200);
                    case 2 -> 0xffff880000000000L + rnd.nextInt(1 << 16);
                    default -> rnd.nextLong();
                };
                assertEquals(ref.add(addr & ~63L), set.add(addr), "add " + Long.toHexString(addr));
                assertEquals(ref.size(), set.size());
            }
            for (long line : ref) {
                assertEquals(true, set.contains(line + 17));
            }
            assertEquals(ref.contains(64L), set.contains(64L));
            set.clear();
            ref.clear();
            assertEquals(0, set.size());
            assertEquals(false, set.contains(0));
        }
    }
}
