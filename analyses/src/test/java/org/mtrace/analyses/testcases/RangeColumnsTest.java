package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeColumns} against a {@code TreeMap} in unsigned order: insertions after the
 * predecessor, removals, lower/floor queries and both walking directions, through chunk splits,
 * directory block splits and chunks emptied to nothing.
 */
class RangeColumnsTest {
    @Test
    void matchesTreeMapInUnsignedOrder() {
        Random rnd = new Random(23);
        for (int round = 0; round < 6; round++) {
            RangeColumns columns = new RangeColumns();
            TreeMap<Long, Long> model = new TreeMap<>(Long::compareUnsigned); // start -> pc
            long base = round % 2 == 0 ? 0x7fffffffffff0000L : 0xffff880000000000L; // crosses the sign bit
            int range = round < 2 ? 500 : 200_000;
            for (int step = 0; step < 60_000; step++) {
                long key = base + rnd.nextInt(range);
                int op = rnd.nextInt(10);
                if (op < 6 || round >= 4 && step < 40_000) { // rounds 4, 5: grow to hundreds of chunks first
                    if (!model.containsKey(key)) {
                        long at = columns.lower(key);
                        assertEquals(model.lowerKey(key), at == RangeColumns.NONE ? null : columns.start(at));
                        long pos = columns.insertAfter(at, key, 1, step, ~key, step * 2);
                        model.put(key, (long) step);
                        assertEquals(key, columns.start(pos));
                    }
                } else if (op < 9) {
                    long at = columns.floor(key);
                    Long expected = model.floorKey(key);
                    assertEquals(expected, at == RangeColumns.NONE ? null : columns.start(at));
                    if (at != RangeColumns.NONE) {
                        assertEquals(model.get(expected), columns.pc(at));
                        assertEquals(~expected, columns.base(at));
                        assertEquals(2 * model.get(expected), columns.tag(at));
                        columns.remove(at);
                        model.remove(expected);
                    }
                } else {
                    long at = columns.floor(key);
                    Long expected = model.floorKey(key);
                    assertEquals(expected, at == RangeColumns.NONE ? null : columns.start(at));
                    if (at != RangeColumns.NONE) {
                        long before = columns.previous(at);
                        Long expectedBefore = model.lowerKey(expected);
                        assertEquals(expectedBefore, before == RangeColumns.NONE ? null : columns.start(before));
                        long after = columns.next(at);
                        Long expectedAfter = model.higherKey(expected);
                        assertEquals(expectedAfter, after == RangeColumns.NONE ? null : columns.start(after));
                    }
                }
                assertEquals(model.size(), columns.size());
            }
            assertEquals(new ArrayList<>(model.keySet()), starts(columns), "round " + round);
            for (Map.Entry<Long, Long> e : new ArrayList<>(model.entrySet())) {
                columns.remove(columns.floor(e.getKey()));
            }
            assertEquals(0, columns.size());
            assertEquals(RangeColumns.NONE, columns.first());
        }
    }

    private static List<Long> starts(RangeColumns columns) {
        List<Long> out = new ArrayList<>();
        for (long p = columns.first(); p != RangeColumns.NONE; p = columns.next(p)) {
            out.add(columns.start(p));
        }
        return out;
    }
}
