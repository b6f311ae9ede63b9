package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineIdSetTest {
    /** Against a HashSet, across the switch from hash set to bitmap (at lines / 64 members). */
    @Test
    void equalsAHashSetBeforeAndAfterTheBitmap() {
        Random rnd = new Random(3);
        for (int lines : new int[] {1, 63, 64, 65, 1000, 100_000}) {
            LineIdSet set = new LineIdSet(lines);
            Set<Integer> model = new HashSet<>();
            for (int i = 0; i < 3 * lines; i++) {
                int line = rnd.nextInt(lines);
                set.add(line);
                model.add(line);
                assertEquals(model.size(), set.size(), lines + " lines, after " + i);
            }
            for (int line = 0; line < lines; line++) {
                assertEquals(model.contains(line), set.contains(line), lines + " lines, id " + line);
            }
        }
    }
}
