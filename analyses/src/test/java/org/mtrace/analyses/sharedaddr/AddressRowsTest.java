package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-address row set against a plain map from object id to row, in random order. */
class AddressRowsTest {
    @Test
    void findsEveryAddedRowAndNothingElse() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            AddressRows rows = new AddressRows();
            Map<Long, AddressRow> model = new HashMap<>();
            for (int step = 0; step < 60; step++) {
                // mostly fresh (growing) ids as in allocation churn, sometimes older ones and id 0
                long id = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : 40 + step;
                AddressRow found = rows.find(id);
                assertSame(model.get(id), found, "id " + id);
                if (found == null) {
                    AddressRow r = new AddressRow(0x1000, id, "t", 0, 1, 0);
                    rows.add(r);
                    model.put(id, r);
                }
            }
            for (long id = 0; id < 120; id++) {
                if (model.containsKey(id)) {
                    assertSame(model.get(id), rows.find(id));
                } else {
                    assertNull(rows.find(id));
                }
            }
        }
    }
}
