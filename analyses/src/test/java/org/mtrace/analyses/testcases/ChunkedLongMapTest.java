package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link ChunkedLongMap} against a {@code TreeMap} in unsigned order, with chunk splits and removals. */
class ChunkedLongMapTest {
    @Test
    void matchesTreeMapInUnsignedOrder() {
        Random rnd = new Random(11);
        for (int round = 0; round < 40; round++) {
            ChunkedLongMap<Long> m = new ChunkedLongMap<>();
            TreeMap<Long, Long> model = new TreeMap<>(Long::compareUnsigned);
            int range = round % 2 == 0 ? 300 : 5000;
            long base = round % 4 < 2 ? 0x7fffffffffffff00L : 0xffff880000000000L; // crosses the sign bit
            for (int step = 0; step < 4000; step++) {
                long key = base + rnd.nextInt(range);
                int op = rnd.nextInt(10);
                if (op < 6) {
                    m.put(key, (long) step);
                    model.put(key, (long) step);
                } else if (op < 9) {
                    assertEquals(model.remove(key) != null, m.remove(key));
                } else {
                    Map.Entry<Long, Long> lower = model.lowerEntry(key);
                    assertEquals(lower == null ? null : lower.getValue(), m.lowerValue(key));
                }
                assertEquals(model.size(), m.size());
            }
            List<Long> values = new ArrayList<>();
            m.forEach(values::add);
            assertEquals(new ArrayList<>(model.values()), values, "round " + round);
            for (long k : new ArrayList<>(model.keySet())) {
                m.remove(k);
            }
            assertEquals(0, m.size());
            assertEquals(false, m.iterator().hasNext());
        }
    }
}
