package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.access.PhysicalAccess;

/**
 * {@link TestCase#finalise} against the spec's own procedure (MSCAN.md §8.10): every CPU pair
 * walked with two cursors, each conflicting pair put into an ordered map by (first address,
 * second address) unless its key is there already. Several CPUs touch the same addresses, so
 * most keys are found by more than one CPU pair, with records that differ in size, PC or kind.
 */
class TestCaseConflictsTest {
    @Test
    void matchesAnOrderedMapWithPutIfAbsent() {
        Random rnd = new Random(29);
        for (int round = 0; round < 30; round++) {
            TestCase t = new TestCase("t", true);
            int cpus = 2 + rnd.nextInt(5);
            for (int step = 0; step < 3000; step++) {
                int cpu = rnd.nextInt(cpus + 1); // CPU "cpus" stays without records in some rounds
                if (cpu == cpus && round % 2 == 0) {
                    continue;
                }
                long address = 0xffff880000000000L + rnd.nextInt(2000);
                t.accessSet(cpu).insert(new PhysicalAccess("", 0, address, 1 + rnd.nextInt(3), 1 + rnd.nextInt(8),
                        rnd.nextInt(4) == 0, null));
            }
            List<List<PhysicalAccess>> sets = new ArrayList<>();
            for (int cpu = 0; cpu <= cpus; cpu++) {
                sets.add(t.accessSet(cpu).records());
            }
            List<String> expected = spec(sets);
            t.finalise();
            List<String> actual = new ArrayList<>();
            for (TestCase.Conflict c : t.conflicts()) {
                actual.add(c.first() + " / " + c.second());
            }
            assertEquals(expected, actual, "round " + round);
        }
    }

    private static List<String> spec(List<List<PhysicalAccess>> sets) {
        TreeMap<List<Long>, String> pairs = new TreeMap<>((x, y) -> {
            int c = Long.compareUnsigned(x.get(0), y.get(0));
            return c != 0 ? c : Long.compareUnsigned(x.get(1), y.get(1));
        });
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                Iterator<PhysicalAccess> ia = sets.get(i).iterator();
                Iterator<PhysicalAccess> ib = sets.get(j).iterator();
                if (!ia.hasNext() || !ib.hasNext()) {
                    continue;
                }
                PhysicalAccess x = ia.next();
                PhysicalAccess y = ib.next();
                while (true) {
                    boolean overlap = Long.compareUnsigned(x.address(), y.end()) < 0
                            && Long.compareUnsigned(y.address(), x.end()) < 0;
                    if (overlap && (x.isWrite() || y.isWrite())) {
                        pairs.putIfAbsent(List.of(x.address(), y.address()), x + " / " + y);
                    }
                    if (Long.compareUnsigned(x.end(), y.end()) > 0) {
                        if (!ib.hasNext()) {
                            break;
                        }
                        y = ib.next();
                    } else {
                        if (!ia.hasNext()) {
                            break;
                        }
                        x = ia.next();
                    }
                }
            }
        }
        return new ArrayList<>(pairs.values());
    }
}
