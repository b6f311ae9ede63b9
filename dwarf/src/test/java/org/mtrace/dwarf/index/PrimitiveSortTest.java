package org.mtrace.dwarf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The primitive sorts against the JDK's stable sort of boxed indexes (List.sort is a stable merge
 * sort), on random keys with many ties and with the sign bit set (unsigned order puts those last).
 */
class PrimitiveSortTest {
    private static long[] keys(Random r, int n) {
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            long v = r.nextInt(40);
            k[i] = r.nextBoolean() ? v : 0xffffffff80000000L + v; // kernel-like addresses and small ones
        }
        return k;
    }

    private static int[] reference(long[] keys, List<Integer> order) {
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort((a, b) -> Long.compareUnsigned(keys[a], keys[b]));
        return sorted.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void orderByUnsignedIsAStableUnsignedSort() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 23, 24, 25, 1000, 5003}) {
            long[] k = keys(r, n);
            List<Integer> identity = new ArrayList<>();
            for (int i = 0; i < n; i++) identity.add(i);
            assertArrayEquals(reference(k, identity), PrimitiveSort.orderByUnsigned(k, n), "n=" + n);
        }
    }

    @Test
    void reorderKeepsTheGivenOrderOfEqualKeys() {
        Random r = new Random(11);
        for (int n : new int[] {0, 1, 30, 4099}) {
            long[] k = keys(r, n);
            List<Integer> shuffled = new ArrayList<>();
            for (int i = 0; i < n; i++) shuffled.add(i);
            Collections.shuffle(shuffled, r);
            int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(reference(k, shuffled), PrimitiveSort.reorderByUnsigned(k, order), "n=" + n);
        }
    }

    @Test
    void twoStableSortsOrderByTheMajorKeyThenTheMinor() {
        Random r = new Random(3);
        int n = 3000;
        long[] major = keys(r, n), minor = keys(r, n);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add(i);
        expected.sort((a, b) -> {
            int c = Long.compareUnsigned(major[a], major[b]);
            return c != 0 ? c : Long.compareUnsigned(minor[a], minor[b]);
        });
        int[] got = PrimitiveSort.reorderByUnsigned(major, PrimitiveSort.orderByUnsigned(minor, n));
        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), got);
    }
}
