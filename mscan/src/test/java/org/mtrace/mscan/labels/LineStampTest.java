package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.lines.LineSize;

/**
 * A stamped {@link LabelMaps#kindsOnLine} answer ({@link Labels#lineStamp}) holds while the stamp
 * does: on maps whose labels come and go (small objects, objects across page boundaries, objects
 * of several pages, which make answers unstamped), every answer remembered with a stamp that is
 * still current must equal a fresh query; and stamps must outlive label changes elsewhere often
 * enough to matter (the point of them: false-sharing skips a PC's repeated line).
 */
class LineStampTest {
    private static final long BASE = 0xffff_8880_0000_0000L;

    @Test
    void aStampedAnswerHoldsWhileItsStampDoes() {
        int reused = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Random rnd = new Random(seed);
            LabelMaps maps = new LabelMaps(w -> { });
            List<Long> live = new ArrayList<>();
            Map<Long, long[]> remembered = new HashMap<>(); // line -> stamp, then the kinds
            KindList kinds = new KindList();
            int serial = 0;
            for (int step = 0; step < 30_000; step++) {
                int op = rnd.nextInt(10);
                if (op < 2 || live.isEmpty()) {
                    long start = BASE + rnd.nextInt(64 * 4096);
                    int size = rnd.nextInt(20) == 0 ? 4096 + rnd.nextInt(3 * 4096) : 1 + rnd.nextInt(300);
                    if (maps.add(LabelMaps.HEAP, "k" + rnd.nextInt(6), start, size, serial++ % 3) != LabelMaps.NO_LABEL) {
                        live.add(start);
                    }
                } else if (op < 4) {
                    maps.remove(LabelMaps.HEAP, live.remove(rnd.nextInt(live.size())), false);
                } else {
                    // 256 lines asked again and again, most around page boundaries (stamps of two pages)
                    long page = BASE + 4096L * rnd.nextInt(64);
                    long line = rnd.nextBoolean() ? page - 64 * (1 + rnd.nextInt(2)) : page + 64 * rnd.nextInt(2);
                    boolean stamped = maps.kindsOnLine(line + rnd.nextInt(64), LineSize.DEFAULT, kinds);
                    long[] now = new long[kinds.size() + 1];
                    for (int i = 0; i < kinds.size(); i++) {
                        now[i + 1] = kinds.get(i);
                    }
                    long[] before = remembered.get(line);
                    if (before != null && before[0] == maps.lineStamp(line)) {
                        now[0] = before[0];
                        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(now),
                                "seed " + seed + " step " + step + ": the stamp held, the answer did not");
                        reused++;
                    }
                    if (stamped) {
                        now[0] = maps.lineStamp(line);
                        remembered.put(line, now);
                    } else {
                        remembered.remove(line);
                    }
                }
            }
        }
        assertTrue(reused > 5_000, "stamps outlive changes elsewhere: " + reused);
    }
}
