package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StillBytes} against a plain reference: a pair's masks are the bytes of its transfers and
 * of every access that moved no line once the pair has a slot (its CPU's first transfer of the
 * line), whatever the cache in front of the table pushed out on the way. Lines are drawn from more
 * than the cache holds, so that entries are pushed out with gathered bytes, and a pair's bytes
 * before its first transfer must find no slot even when the cache still holds them then.
 */
class StillBytesTest {
    @Test
    void masksHoldEveryByteFromAPairsFirstTransferOn() {
        // (lines, accesses): pairs the cache holds, about as many as it has entries, and more; few
        // enough accesses per pair that its masks do not fill up
        int[][] shapes = {{400, 20_000}, {2_000, 100_000}, {40_000, 300_000}};
        for (int seed = 0; seed < shapes.length; seed++) {
            Random rnd = new Random(seed);
            int lines = shapes[seed][0];
            LineCpuCounts table = new LineCpuCounts();
            Interner lineIds = new Interner();
            StillBytes still = new StillBytes(table);
            Map<Long, long[]> reference = new HashMap<>(); // (line, cpu) -> {loads, stores}, once it has a slot
            int transfers = 0;
            for (int step = 0; step < shapes[seed][1]; step++) {
                long line = 64L * rnd.nextInt(lines) + 0xffff888000000000L;
                int cpu = rnd.nextInt(4);
                boolean store = rnd.nextInt(3) == 0;
                int offset = rnd.nextInt(64);
                long mask = LineSize.of(64).byteMask(offset, 1 << rnd.nextInt(4));
                long key = line | cpu; // lines are multiples of 64
                if (rnd.nextInt(10) == 0) { // a transfer: it makes the pair's slot if it is the first
                    transfers++;
                    still.beforeTransfer(line, cpu);
                    int slot = table.slotOf(line, cpu, lineIds);
                    if (store) {
                        table.countStore(slot, mask);
                    } else {
                        table.countLoad(slot, mask);
                    }
                    reference.computeIfAbsent(key, k -> new long[2])[store ? 1 : 0] |= mask;
                } else {
                    still.add(line, mask, cpu, store);
                    long[] r = reference.get(key);
                    if (r != null) {
                        r[store ? 1 : 0] |= mask;
                    }
                }
            }
            still.flush();
            assertTrue(transfers > 1_000 && reference.size() > 1_000, "a log with many pairs");
            assertEquals(reference.size(), table.size(), "seed " + seed + ": a slot for each pair with a transfer");
            for (Map.Entry<Long, long[]> e : reference.entrySet()) {
                long line = e.getKey() & ~63L;
                int cpu = (int) (e.getKey() & 63);
                int slot = table.find(line, cpu);
                String pair = "seed " + seed + ", line " + Long.toHexString(line) + ", CPU " + cpu;
                assertEquals(e.getValue()[0], table.loadMask(slot), pair + ": loads");
                assertEquals(e.getValue()[1], table.storeMask(slot), pair + ": stores");
            }
        }
    }
}
