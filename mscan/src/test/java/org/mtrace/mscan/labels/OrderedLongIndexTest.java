package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The treap against java.util.TreeMap with an unsigned comparator, on random operations. */
class OrderedLongIndexTest {

    @Test
    void matchesTreeMapUnderRandomOperations() {
        Random rnd = new Random(42);
        OrderedLongMap<String> index = new OrderedLongMap<>();
        TreeMap<Long, String> ref = new TreeMap<>(Long::compareUnsigned);
        long[] pool = new long[300];
        for (int i = 0; i < pool.length; i++) {
            // mix kernel-half (negative as signed) and low addresses
            pool[i] = rnd.nextBoolean() ? 0xffff880000000000L + rnd.nextInt(1 << 20) : rnd.nextInt(1 << 20);
        }
        pool[0] = -1L;
        pool[1] = 0;
        for (int step = 0; step < 50000; step++) {
            long k = pool[rnd.nextInt(pool.length)];
            switch (rnd.nextInt(4)) {
                case 0 -> assertEquals(ref.putIfAbsent(k, "v" + step) == null, index.putIfAbsent(k, "v" + step));
                case 1 -> assertEquals(ref.remove(k), index.remove(k));
                case 2 -> assertEquals(ref.get(k), index.get(k));
                default -> {
                    long q = rnd.nextBoolean() ? k : k + rnd.nextInt(200) - 100;
                    Map.Entry<Long, String> f = ref.floorEntry(q);
                    int fn = index.floorNode(q);
                    assertEquals(f == null ? null : f.getKey(), fn < 0 ? null : index.key(fn), "floor of " + q);
                    if (f != null) {
                        Map.Entry<Long, String> before = ref.lowerEntry(f.getKey());
                        int pn = index.prevNode(fn);
                        assertEquals(before == null ? null : before.getKey(), pn < 0 ? null : index.key(pn));
                    }
                    Map.Entry<Long, String> c = ref.ceilingEntry(q);
                    int n = index.ceilingNode(q);
                    assertEquals(n, index.ceilingNodeNear(q), "line hint disagrees for " + Long.toHexString(q));
                    if (c == null) {
                        assertEquals(-1, n);
                    } else {
                        assertEquals(c.getKey().longValue(), index.key(n));
                        assertEquals(c.getValue(), index.value(n));
                        Map.Entry<Long, String> next = ref.higherEntry(c.getKey());
                        int nn = index.nextNode(n);
                        assertEquals(next == null ? null : next.getKey(), nn < 0 ? null : index.key(nn));
                    }
                }
            }
            assertEquals(ref.size(), index.size());
            index.checkInvariants();
        }
    }

    /**
     * Keys linked in ascending order, then every other one unlinked, then linked again in
     * descending order: a tree that ignored its priorities would be a list of 100,000 levels; a
     * treap's expected height is about 3 log2 n (here about 50).
     */
    @Test
    void staysBalancedUnderSortedInsertionsAndRemovals() {
        OrderedLongIndex index = new OrderedLongIndex();
        int n = 100_000;
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = index.allocate(0xffff888000000000L + 64L * i, 0, 0);
            index.link(nodes[i]);
        }
        assertEquals(true, index.height() < 4 * 17, "height " + index.height());
        for (int i = 0; i < n; i += 2) {
            index.unlink(nodes[i]);
        }
        for (int i = n - 2; i >= 0; i -= 2) {
            index.link(nodes[i]);
        }
        assertEquals(n, index.size());
        assertEquals(true, index.height() < 4 * 17, "height " + index.height());
        index.checkInvariants();
        int m = index.ceilingNode(0);
        for (int i = 0; i < n; i++, m = index.nextNode(m)) {
            assertEquals(0xffff888000000000L + 64L * i, index.key(m), "node " + i + " in key order");
        }
        assertEquals(-1, m);
    }
}
