package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.LabelObject;

/**
 * The column-wise row table against a plain model: per access, the object at the address asked
 * of the label maps afresh (no caching), and per (address, object id) a map of PC counts and CPU
 * counts, rows in order of first access. Labels churn (objects freed and reallocated at the same
 * addresses, so one address collects rows of many objects and of no object, id 0), PCs include values with the top bit set (unsigned order) and CPUs go past
 * 256 (the packed counter keeps 16 bits of CPU).
 */
class AddressRowTableTest {
    private static final class ModelRow {
        final long address;
        final long id;
        final String name;
        final long base;
        final TreeMap<Long, Long> perPc = new TreeMap<>(Long::compareUnsigned);
        final TreeMap<Integer, Long> perCpu = new TreeMap<>();
        final Set<List<Long>> pcCpuPairs = new HashSet<>();

        ModelRow(long address, long id, String name, long base) {
            this.address = address;
            this.id = id;
            this.name = name;
            this.base = base;
        }
    }

    @Test
    void countsEqualAModelUnderLabelChurn() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 20; round++) {
            checkAgainstModel(rnd, 6, 4, 4000, Integer.MAX_VALUE, false);
        }
    }

    /**
     * Thousands of addresses (the address index grows several times), struct-page-like typed
     * array elements (labelled objects of id 0, one per element) and counters that carry into
     * their overflow map every 3 counts.
     */
    @Test
    void countsEqualAModelWithManyAddressesArrayElementsAndCarries() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int round = 0; round < 4; round++) {
            checkAgainstModel(rnd, 400, 16, 30000, 3, true);
        }
    }

    private static void checkAgainstModel(SplittableRandom rnd, int places, int fields, int steps, int countLimit,
            boolean typedArray) {
        LabelMaps labels = new LabelMaps(w -> { });
        if (typedArray) { // elements of 64 bytes above the heap objects' places
            labels.addTypedArray("page", 0x100000L, 0x40L * places, 0x40);
        }
        AddressRowTable table = new AddressRowTable(countLimit);
        Map<List<Long>, ModelRow> model = new LinkedHashMap<>();
        Map<Long, Boolean> live = new HashMap<>();
        long[] pcs = {0x10, 0x20, 0xffffffff81000000L, 0xffffffff81000010L, 0x7f0000001000L, -1L};
        long size = Math.max(0x40L, 8L * fields);
        for (int step = 0; step < steps; step++) {
            long objectStart = 0x1000L + size * rnd.nextInt(places);
            if (rnd.nextInt(20) == 0) { // free or allocate an object at one of the places
                if (live.getOrDefault(objectStart, false)) {
                    labels.remove(LabelMaps.HEAP, objectStart, true);
                    live.put(objectStart, false);
                } else {
                    labels.add(LabelMaps.HEAP, "obj" + rnd.nextInt(3), objectStart, size, 0x99);
                    live.put(objectStart, true);
                }
            }
            long addr = typedArray && rnd.nextInt(3) == 0 ? 0x100000L + 8L * rnd.nextInt(8 * places)
                    : objectStart + rnd.nextInt(fields) * 8;
            long pc = rnd.nextInt(8) == 0 ? 0x5000L + rnd.nextInt(40) : pcs[rnd.nextInt(pcs.length)];
            int cpu = rnd.nextInt(10) == 0 ? 300 + rnd.nextInt(3) : rnd.nextInt(4);
            table.count(addr, pc, cpu, labels);

            LabelObject o = labels.objectAt(addr);
            long id = o == null ? 0 : o.id();
            ModelRow row = model.computeIfAbsent(List.of(addr, id),
                    k -> new ModelRow(addr, id, o == null ? "" : o.name(), o == null ? 0 : o.start()));
            row.perPc.merge(pc, 1L, Long::sum);
            row.perCpu.merge(cpu, 1L, Long::sum);
            row.pcCpuPairs.add(List.of(pc, (long) cpu));
        }
        // one counter per (row, PC, CPU), also for rows with more counters than a short list
        assertEquals(model.values().stream().mapToInt(r -> r.pcCpuPairs.size()).sum(), table.counters());
        table.finishCounting(); // reading rows needs nothing it drops
        List<ModelRow> expected = new ArrayList<>(model.values());
        assertEquals(expected.size(), table.size());
        int i = 0;
        for (AddressRow row : table.rows()) {
            ModelRow m = expected.get(i);
            assertEquals(m.address, row.address, "row " + i);
            assertEquals(m.id, row.objectId, "row " + i);
            assertEquals(m.name, row.name, "row " + i);
            assertEquals(m.base, row.base, "row " + i);
            assertEquals(m.address, table.address(i));
            assertEquals(m.id, table.objectId(i));
            assertArrayEquals(m.perPc.keySet().stream().mapToLong(Long::longValue).toArray(), row.sortedPcs(),
                    "pcs of row " + i);
            for (Map.Entry<Long, Long> e : m.perPc.entrySet()) {
                assertEquals(e.getValue(), row.countOf(e.getKey()));
            }
            assertEquals(0, row.countOf(0x4242));
            long[] perCpu = new long[m.perCpu.lastKey() + 1];
            m.perCpu.forEach((cpu, n) -> perCpu[cpu] = n);
            assertArrayEquals(perCpu, row.perCpu(), "cpus of row " + i);
            i++;
        }
    }

    /** A row with more (PC, CPU) counters than a handful: unsigned order and sums over CPUs. */
    @Test
    void manyPcsOfOneRowSortedUnsignedAndSummedOverCpus() {
        LabelMaps labels = new LabelMaps(w -> { });
        AddressRowTable table = new AddressRowTable();
        for (int round = 1; round <= 3; round++) {
            for (long pc = 40; pc >= 1; pc--) {
                table.count(0x1000, pc == 40 ? -1L : pc, (int) (pc % 3), labels);
            }
        }
        table.count(0x1000, 5, 7, labels);
        long[] expected = new long[40];
        for (int i = 0; i < 39; i++) {
            expected[i] = i + 1;
        }
        expected[39] = -1L; // 0xffffffffffffffff sorts last
        AddressRow row = table.load(0, new AddressRow());
        assertArrayEquals(expected, row.sortedPcs());
        assertEquals(4, row.countOf(5));
        assertEquals(3, row.countOf(-1L));
        long[] perCpu = new long[8];
        for (long pc = 1; pc <= 40; pc++) {
            perCpu[(int) (pc % 3)] += 3;
        }
        perCpu[7] = 1;
        assertArrayEquals(perCpu, row.perCpu());
        assertEquals(Arrays.stream(perCpu).sum(), Arrays.stream(row.sortedPcs()).map(row::countOf).sum());
    }
}
