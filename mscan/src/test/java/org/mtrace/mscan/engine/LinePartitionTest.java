package org.mtrace.mscan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinePartitionTest {
    /** Every line has exactly one owner, and consecutive or random lines split about evenly. */
    @Test
    void everyLineHasOneOwnerAndThePartsAreEven() {
        Random rnd = new Random(3);
        for (int parts = 1; parts <= 3; parts++) {
            int[] owned = new int[parts];
            for (int i = 0; i < 300_000; i++) {
                long line = i < 150_000 ? 0xffff888000000000L + 64L * i : rnd.nextLong() & ~63L;
                int owners = 0;
                for (int p = 0; p < parts; p++) {
                    if (new LinePartition(p, parts).owns(line)) {
                        owners++;
                        owned[p]++;
                    }
                }
                assertEquals(1, owners, "line 0x" + Long.toHexString(line));
            }
            for (int p = 0; p < parts; p++) {
                double share = owned[p] / 300_000.0;
                assertTrue(Math.abs(share - 1.0 / parts) < 0.01, parts + " parts: part " + p + " owns " + share);
            }
        }
    }

    @Test
    void aPartOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinePartition(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new LinePartition(0, 0));
    }
}
