package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The line core's parts against hand-worked cases and a plain map model. */
class LinesTest {
    @Test
    void lineSizeMasksBytesAndClipsAtTheLineEnd() {
        LineSize l = LineSize.DEFAULT;
        assertEquals(0xffff888000001000L, l.lineOf(0xffff88800000103fL));
        assertEquals(63, l.offsetOf(0xffff88800000103fL));
        assertEquals(0xffL, l.byteMask(0, 8));
        assertEquals(0x3cL, l.byteMask(2, 4));
        assertEquals(0x8000000000000000L, l.byteMask(63, 8)); // straddles: only byte 63 is in this line
        assertEquals(1L, l.byteMask(0, 0)); // a zero-byte access still touches its byte
        LineSize k = LineSize.of(4096); // one bit per 64 bytes
        assertEquals(64, k.granule());
        assertEquals(0b1110L, k.byteMask(100, 100)); // bytes 100-199: granules 1 (64-127) to 3 (192-255)
        assertEquals(0x8000000000000000L, k.byteMask(4095, 8));
        LineSize s = LineSize.of(16);
        assertEquals(0xc000L, s.byteMask(14, 8)); // clipped at byte 15
        assertThrows(IllegalArgumentException.class, () -> LineSize.of(48));
        assertThrows(IllegalArgumentException.class, () -> LineSize.of(8192));
    }

    @Test
    void transferModelFollowsTheRecordersRules() {
        TransferModel m = new TransferModel(LineSize.DEFAULT);
        assertFalse(m.access(0x1000, 8, 0, false)); // after a reset every CPU holds every line
        assertTrue(m.access(0x1000, 8, 0, true));   // {all} -> {0}
        assertFalse(m.access(0x1008, 8, 0, true));  // alone already
        assertTrue(m.access(0x1010, 4, 1, false));  // {0} -> {0,1}
        assertFalse(m.access(0x1010, 4, 1, false));
        assertTrue(m.access(0x1000, 8, 0, true));   // {0,1} -> {0}
        assertTrue(m.access(0x103c, 8, 2, true));   // straddles 0x1000 and 0x1040: moves both
        assertFalse(m.access(0x1040, 8, 2, true));  // 0x1040 is CPU 2's alone now
        assertTrue(m.access(0x1000, 1, 0, false));  // 0x1000 was taken by CPU 2's store
        m.reset();
        assertFalse(m.access(0x1000, 1, 63, false)); // CPU 63 holds it too after a reset
        // which lines moved: bit 0 the first byte's line, bit 1 the last byte's
        assertEquals(3, m.accessLines(0x203c, 8, 0, true));  // 0x2000 and 0x2040: {all} -> {0} both
        assertEquals(0, m.accessLines(0x2038, 8, 0, true));  // one line, CPU 0 alone already
        assertEquals(TransferModel.FIRST_LINE, m.accessLines(0x2040, 4, 1, false)); // 0x2040: {0} -> {0,1}
        assertEquals(TransferModel.LAST_LINE, m.accessLines(0x203c, 8, 0, true));   // 0x2000 alone; 0x2040 -> {0}
    }

    @Test
    void internerHandsOutDenseIdsInOrderOfFirstAppearance() {
        Interner in = new Interner();
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, in.idOf(0xffffffff81000000L + 16L * i)); // kernel PCs: only low bits differ
        }
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, in.idOf(0xffffffff81000000L + 16L * i));
            assertEquals(0xffffffff81000000L + 16L * i, in.value(i));
        }
        assertEquals(20_000, in.size());
        // find: the same ids, and -1 without adding for values never given an id
        assertEquals(19_999, in.find(0xffffffff81000000L + 16L * 19_999));
        assertEquals(-1, in.find(0xffffffff81000000L + 8));
        assertEquals(20_000, in.size());
    }

    @Test
    void keyCounterCountsInOrderOfFirstAppearance() {
        KeyCounter k = new KeyCounter(1);
        k.add(3, 9, 100);
        k.add(1, 9, 101);  // same data, another place: another entry
        k.add(3, 9, 102);  // the payload of a key's first appearance stays
        k.add(0, -1, 103); // high bit set: ordered unsigned, still counted
        k.add(1, 9, 104);
        k.add(3, 9, 105);
        StringBuilder seen = new StringBuilder();
        k.forEach((place, packed, payload, n) -> seen.append(place).append(':').append(packed).append('/')
                .append(payload).append('=').append(n).append(' '));
        assertEquals("3:9/100=3 1:9/101=2 0:-1/103=1 ", seen.toString());
        k.freeze();
        assertThrows(IllegalStateException.class, () -> k.add(3, 9, 0));
        StringBuilder again = new StringBuilder();
        k.forEach((place, packed, payload, n) -> again.append(place).append(':').append(packed).append('/')
                .append(payload).append('=').append(n).append(' '));
        assertEquals(seen.toString(), again.toString(), "frozen: the keys stay readable");
    }

    /**
     * Against a LinkedHashMap, with batches small enough that keys recur across many of them, and
     * read in chunks from one key to more than all of them.
     */
    @Test
    void keyCounterEqualsAMapOnRandomStreams() {
        Random rnd = new Random(11);
        int[][] batchAndChunk = {{1, 1}, {7, 3}, {1000, 1000}, {1 << 16, 1 << 15}, {1 << 16, 1 << 20}};
        for (int[] bc : batchAndChunk) {
            int minBatch = bc[0];
            KeyCounter k = new KeyCounter(minBatch, bc[1]);
            Map<List<Long>, Long> model = new LinkedHashMap<>();
            Map<List<Long>, Integer> firstPayload = new HashMap<>();
            for (int i = 0; i < 50_000; i++) {
                long place = rnd.nextInt(300) * 0x1_0000_0001L;
                long key = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(40) * 0x1000_0000_0001L;
                k.add(place, key, i);
                model.merge(List.of(place, key), 1L, Long::sum);
                firstPayload.putIfAbsent(List.of(place, key), i);
                if (i % 20_000 == 0) { // reading in the middle must not disturb the counting
                    assertEquals(model.size(), k.size());
                    List<String> sofar = new ArrayList<>();
                    k.forEach((l, packed, payload, n) -> sofar.add(l + ":" + packed + "=" + n));
                    assertEquals(render(model), sofar, "batch " + minBatch + " at " + i);
                }
            }
            List<String> got = new ArrayList<>();
            k.forEach((place, packed, payload, n) -> {
                got.add(place + ":" + packed + "=" + n);
                assertEquals(firstPayload.get(List.of(place, packed)), payload, "first payload of a key");
            });
            assertEquals(render(model), got, "batch " + minBatch);
        }
    }

    private static List<String> render(Map<List<Long>, Long> model) {
        List<String> out = new ArrayList<>();
        model.forEach((lk, n) -> out.add(lk.get(0) + ":" + lk.get(1) + "=" + n));
        return out;
    }

    /** Straight from FORMAT.md 6.3 with a map of sets. */
    @Test
    void transferModelEqualsAPlainModelOnRandomStreams() {
        Random rnd = new Random(5);
        TransferModel m = new TransferModel(LineSize.of(32));
        Map<Long, Long> owners = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long pa = rnd.nextInt(1024);
            int bytes = 1 << rnd.nextInt(4);
            int cpu = rnd.nextInt(6);
            boolean store = rnd.nextInt(3) == 0;
            boolean moved = false;
            for (long line = pa >>> 5; line <= (pa + bytes - 1) >>> 5; line++) {
                long held = owners.getOrDefault(line, -1L);
                if (store ? held != 1L << cpu : (held & 1L << cpu) == 0) {
                    moved = true;
                    owners.put(line, store ? 1L << cpu : held | 1L << cpu);
                }
            }
            assertEquals(moved, m.access(pa, bytes, cpu, store), "access " + i);
        }
    }

    /**
     * The same over thousands of lines (the model's table grows several times), with resets, and
     * with one-byte lines, so that line numbers 0 and 2^64 - 1 occur.
     */
    @Test
    void transferModelEqualsAPlainModelAcrossGrowthAndResets() {
        Random rnd = new Random(6);
        TransferModel m = new TransferModel(1);
        Map<Long, Long> owners = new HashMap<>();
        long[] lines = new long[5_000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = rnd.nextLong();
        }
        lines[0] = 0;
        lines[1] = -1L;
        for (int i = 0; i < 200_000; i++) {
            if (i % 70_000 == 69_999) {
                m.reset();
                owners.clear();
            }
            long line = lines[rnd.nextInt(i < 1_000 ? 2 : lines.length)];
            int cpu = rnd.nextInt(4);
            boolean store = rnd.nextInt(3) == 0;
            long held = owners.getOrDefault(line, -1L);
            boolean moved = store ? held != 1L << cpu : (held & 1L << cpu) == 0;
            if (moved) {
                owners.put(line, store ? 1L << cpu : held | 1L << cpu);
            }
            assertEquals(moved, m.access(line, 1, cpu, store), "access " + i);
        }
    }

    @Test
    void pairIndexHandsOutDenseIdsAndSurvivesGrowth() {
        PairIndex p = new PairIndex();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, p.idOf(i * 31L, -i));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, p.idOf(i * 31L, -i));
            assertEquals(i, p.find(i * 31L, -i));
            assertEquals(i * 31L, p.first(i));
            assertEquals(-i, p.second(i));
        }
        assertEquals(-1, p.find(1, 1));
        assertEquals(10_000, p.size());
    }

    @Test
    void keysPackAndUnpack() {
        long data = Key.data(4095, 300, Key.MAX_SHAPES - 1);
        assertEquals(4095, Key.offsetOf(data));
        assertEquals(255, Key.sizeOf(data)); // sizes above 255 are kept as 255
        assertEquals(Key.MAX_SHAPES - 1, Key.shapeOf(data));
        assertEquals(0, Key.shapeOf(Key.data(0, 8, 0)));
        long place = Key.place(Integer.MAX_VALUE, -2); // context ids use all 32 bits
        assertEquals(Integer.MAX_VALUE, Key.lineOf(place));
        assertEquals(-2, Key.contextOf(place));
        long context = Key.context(Integer.MAX_VALUE, Key.MAX_SYSCALLS - 1, 63, true);
        assertEquals(Integer.MAX_VALUE, Key.pcId(context));
        assertEquals(Key.MAX_SYSCALLS - 1, Key.syscallId(context));
        assertEquals(63, Key.cpu(context));
        assertTrue(Key.store(context));
        assertFalse(Key.store(Key.context(0, 0, 0, false)));
    }
}
