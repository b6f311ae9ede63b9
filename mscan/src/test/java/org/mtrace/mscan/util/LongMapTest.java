package org.mtrace.mscan.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
    @Test
    void behavesLikeHashMapUnderPutGetAndRemove() {
        Random rnd = new Random(11);
        LongMap<String> map = new LongMap<>();
        Map<Long, String> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // aligned kernel PCs, zero and -1 included; a small key space so runs collide and removals hit
            long k = switch (rnd.nextInt(4)) {
                case 0 -> 0xffffffff81000000L + 16L * rnd.nextInt(3000);
                case 1 -> rnd.nextInt(500) * 0x9E3779B97F4A7C15L;
                case 2 -> rnd.nextInt(3) - 1;
                default -> (long) rnd.nextInt(1000) << 32;
            };
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    map.put(k, "v" + i);
                    ref.put(k, "v" + i);
                }
                case 1 -> assertEquals(ref.remove(k), map.remove(k));
                default -> {
                }
            }
            assertEquals(ref.get(k), map.get(k));
            assertEquals(ref.size(), map.size());
        }
        for (long k : ref.keySet()) {
            assertEquals(ref.get(k), map.get(k), "key " + k);
        }
        long[] expected = ref.keySet().stream().mapToLong(Long::longValue).toArray();
        Unsigned.sort(expected);
        assertArrayEquals(expected, Unsigned.sortedKeys(map));
    }

    @Test
    void emptiesCompletelyAfterChurn() {
        LongMap<Long> map = new LongMap<>();
        for (long round = 0; round < 50; round++) {
            for (long k = 0; k < 1000; k++) {
                map.put(round * 1_000_000 + k * 64, k);
            }
            for (long k = 0; k < 1000; k++) {
                assertEquals(k, map.remove(round * 1_000_000 + k * 64));
            }
            assertEquals(0, map.size());
            assertEquals(0, map.keys().length);
        }
    }
}
