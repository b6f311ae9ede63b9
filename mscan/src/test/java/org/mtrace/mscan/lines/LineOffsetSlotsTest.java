package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LineOffsetSlots} against a plain model: per line, a sorted map from byte offset to the
 * value the test stored in the offset's slot. Every value must stay reachable through its offset
 * while lines move to larger blocks, reuse freed ones and shift their slots; a line's slots must
 * read back in offset order.
 */
class LineOffsetSlotsTest {
    /** The test's column: one int per slot. */
    private static final class Values implements LineOffsetSlots.Columns {
        int[] v = new int[0];

        @Override
        public int ensure(int slots) {
            v = Arrays.copyOf(v, Math.max(2 * v.length, slots));
            return v.length;
        }

        @Override
        public void move(int from, int to, int n) {
            System.arraycopy(v, from, v, to, n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 64, 128, 4096})
    void everyOffsetKeepsItsValueAndLinesReadInOffsetOrder(int lineBytes) {
        LineSize size = LineSize.of(lineBytes);
        int firstWord = 1; // a view word before the offset set, as a view with words of its own has
        LineCpuTable lines = LineCpuTable.withoutCounters(size, firstWord + LineOffsetSlots.wordsFor(size));
        Values values = new Values();
        LineOffsetSlots slots = new LineOffsetSlots(size, firstWord, values);
        Map<Long, TreeMap<Integer, Integer>> model = new HashMap<>();
        Random random = new Random(lineBytes);
        List<Long> lineAddresses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lineAddresses.add(0xffff888000000000L + (long) random.nextInt(1 << 20) * lineBytes);
        }
        for (int step = 0; step < 20_000; step++) {
            long line = lineAddresses.get(random.nextInt(random.nextBoolean() ? 20 : lineAddresses.size()));
            int offset = random.nextInt(lineBytes);
            int p = lines.find(line + offset);
            TreeMap<Integer, Integer> expected = model.computeIfAbsent(line, l -> new TreeMap<>());
            int slot = slots.slotOf(lines, p, offset);
            assertEquals(expected.containsKey(offset), slot != LineOffsetSlots.NONE);
            assertEquals(expected.containsKey(offset), slots.has(lines, p, offset));
            if (slot == LineOffsetSlots.NONE) {
                slot = slots.insert(lines, p, offset);
                values.v[slot] = step;
                expected.put(offset, step);
            } else {
                assertEquals(expected.get(offset), values.v[slot]);
            }
        }
        for (Map.Entry<Long, TreeMap<Integer, Integer>> e : model.entrySet()) {
            int p = lines.find(e.getKey());
            TreeMap<Integer, Integer> expected = e.getValue();
            assertEquals(expected.size(), slots.count(lines, p));
            List<Integer> offsets = new ArrayList<>();
            List<Integer> read = new ArrayList<>();
            int s = slots.block(lines, p);
            for (int w = 0; w < slots.words(); w++) {
                for (long bits = slots.offsetWord(lines, p, w); bits != 0; bits &= bits - 1, s++) {
                    offsets.add(64 * w + Long.numberOfTrailingZeros(bits));
                    read.add(values.v[s]);
                }
            }
            assertEquals(new ArrayList<>(expected.keySet()), offsets);
            assertEquals(new ArrayList<>(expected.values()), read);
            for (Map.Entry<Integer, Integer> o : expected.entrySet()) {
                assertEquals(o.getValue(), values.v[slots.slotOf(lines, p, o.getKey())]);
            }
        }
        // freed blocks are reused: far fewer slots than a block per insertion would take
        int offsetsHeld = model.values().stream().mapToInt(TreeMap::size).sum();
        assertTrue(slots.used() <= 4 * offsetsHeld, slots.used() + " slots for " + offsetsHeld + " offsets");
    }

    /**
     * No line's block crosses a multiple of {@link LineOffsetSlots#PAGE_SLOTS} (views keep their values
     * in pages that size), over several pages of lines growing at random, and the values stay
     * reachable; the slots skipped at a page's end are reused, so few are lost.
     */
    @Test
    void noBlockCrossesAPage() {
        LineSize size = LineSize.DEFAULT;
        LineCpuTable lines = LineCpuTable.withoutCounters(size, LineOffsetSlots.wordsFor(size));
        Values values = new Values();
        LineOffsetSlots slots = new LineOffsetSlots(size, 0, values);
        Random random = new Random(7);
        int lineCount = 40_000;
        for (int step = 0; step < 600_000; step++) {
            long line = 0xffff888000000000L + 64L * random.nextInt(lineCount);
            int offset = random.nextInt(64);
            int p = lines.find(line + offset);
            if (slots.slotOf(lines, p, offset) == LineOffsetSlots.NONE) {
                int slot = slots.insert(lines, p, offset); // (before reading values.v: inserting may grow it)
                values.v[slot] = (int) (line >>> 6) * 64 + offset;
            }
        }
        assertTrue(slots.used() > 3 * LineOffsetSlots.PAGE_SLOTS, "only " + slots.used() + " slots");
        int offsetsHeld = 0;
        for (int i = 0; i < lineCount; i++) {
            long line = 0xffff888000000000L + 64L * i;
            int p = lines.find(line);
            int n = slots.count(lines, p);
            offsetsHeld += n;
            int block = slots.block(lines, p);
            int last = block + LineOffsetSlots.capacity(n) - 1;
            if (n > 0) {
                assertEquals(block / LineOffsetSlots.PAGE_SLOTS, last / LineOffsetSlots.PAGE_SLOTS,
                        "line " + i + ": block " + block + " to " + last);
            }
            for (int offset = 0; offset < 64; offset++) {
                int slot = slots.slotOf(lines, p, offset);
                if (slot != LineOffsetSlots.NONE) {
                    assertEquals((int) (line >>> 6) * 64 + offset, values.v[slot]);
                }
            }
        }
        assertTrue(slots.used() <= 4 * offsetsHeld, slots.used() + " slots for " + offsetsHeld + " offsets");
    }

    @Test
    void aTableWithoutCountersIsSmallerAndRefusesToCount() {
        LineCpuTable lines = LineCpuTable.withoutCounters(LineSize.DEFAULT, 1);
        int p = lines.find(0x1000);
        assertTrue(lines.stateBytes() < new LineCpuTable(LineSize.DEFAULT, 1).stateBytes());
        assertThrows(IllegalStateException.class, () -> lines.increment(p, 0, false));
    }
}
