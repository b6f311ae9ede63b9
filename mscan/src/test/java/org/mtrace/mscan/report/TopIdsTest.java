package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded selection against sorting every id and taking the head. */
class TopIdsTest {
    @Test
    void keepsTheSameIdsInTheSameOrderAsAFullSort() {
        Random r = new Random(3);
        for (int round = 0; round < 50; round++) {
            int ids = r.nextInt(2000);
            long[] weight = new long[ids];
            for (int i = 0; i < ids; i++) {
                weight[i] = r.nextInt(40); // many ties: the id breaks them
            }
            TopIds.Order order = (a, b) -> weight[a] != weight[b] ? Long.compare(weight[b], weight[a]) : Integer.compare(a, b);
            int n = r.nextInt(30);
            TopIds top = new TopIds(n, order);
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                top.offer(i);
                all.add(i);
            }
            all.sort(Comparator.comparingLong((Integer i) -> -weight[i]).thenComparingInt(i -> i));
            assertEquals(all.subList(0, Math.min(n, ids)), top.best(), "round " + round);
        }
    }
}
