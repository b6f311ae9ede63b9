package org.mtrace.mscan.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GrowOnlyLongMapTest {
    @Test
    void behavesLikeHashMapForPutAndGet() {
        Random rnd = new Random(11);
        GrowOnlyLongMap<String> map = new GrowOnlyLongMap<>();
        Map<Long, String> ref = new HashMap<>();
        for (int i = 0; i < 20000; i++) {
            // aligned kernel PCs, zero and -1 included
            long k = switch (rnd.nextInt(4)) {
                case 0 -> 0xffffffff81000000L + 16L * rnd.nextInt(3000);
                case 1 -> rnd.nextLong();
                case 2 -> rnd.nextInt(3) - 1;
                default -> (long) rnd.nextInt(1000) << 32;
            };
            if (rnd.nextBoolean()) {
                map.put(k, "v" + i);
                ref.put(k, "v" + i);
            }
            assertEquals(ref.get(k), map.get(k));
        }
        assertEquals(ref.size(), map.size());
        long[] expected = ref.keySet().stream().mapToLong(Long::longValue).toArray();
        Unsigned.sort(expected);
        assertArrayEquals(expected, Unsigned.sortedKeys(map));
    }
}
