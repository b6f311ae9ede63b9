package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-slot (line, CPU) counters against a plain map of the same counts, through many growths. */
class LineCpuCountsTest {
    /** A reference record: loads, stores, load mask, store mask, line id. */
    private static final class Ref {
        long loads;
        long stores;
        long loadMask;
        long storeMask;
        int lineId;
    }

    @Test
    void countsAndMasksMatchAMapThroughGrowth() {
        LineCpuCounts table = new LineCpuCounts();
        Map<String, Ref> ref = new HashMap<>();
        Map<Long, Integer> lineIds = new HashMap<>();
        Interner ids = new Interner(); // the table's own source of ids; lineIds is the reference
        Random r = new Random(7);
        for (int i = 0; i < 400_000; i++) {
            long line = 0xffff888000000000L + 64L * r.nextInt(60_000);
            int cpu = r.nextInt(6);
            long mask = 1L << r.nextInt(64);
            boolean store = r.nextBoolean();
            lineIds.putIfAbsent(line, lineIds.size()); // ids by first appearance of the line
            int slot = table.slotOf(line, cpu, ids);
            if (store) {
                table.countStore(slot, mask);
            } else {
                table.countLoad(slot, mask);
            }
            Ref x = ref.computeIfAbsent(line + "/" + cpu, k -> new Ref());
            x.lineId = lineIds.get(line);
            if (store) {
                x.stores++;
                x.storeMask |= mask;
            } else {
                x.loads++;
                x.loadMask |= mask;
            }
        }
        assertEquals(ref.size(), table.size());
        for (Map.Entry<String, Ref> e : ref.entrySet()) {
            String[] k = e.getKey().split("/");
            int slot = table.find(Long.parseLong(k[0]), Integer.parseInt(k[1]));
            Ref x = e.getValue();
            assertEquals(x.loads, table.loads(slot), e.getKey());
            assertEquals(x.stores, table.stores(slot), e.getKey());
            assertEquals(x.loadMask, table.loadMask(slot), e.getKey());
            assertEquals(x.storeMask, table.storeMask(slot), e.getKey());
            assertEquals(x.lineId, table.lineId(slot), e.getKey());
        }
        long[] visited = new long[2];
        table.forEach((lineId, cpu, loads, stores) -> {
            visited[0] += loads;
            visited[1] += stores;
        });
        assertEquals(ref.values().stream().mapToLong(x -> x.loads).sum(), visited[0]);
        assertEquals(ref.values().stream().mapToLong(x -> x.stores).sum(), visited[1]);
        assertEquals(-1, table.find(0x1000, 0));
        assertEquals(0, table.loads(-1));
    }
}
