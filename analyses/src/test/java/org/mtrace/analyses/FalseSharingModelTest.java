package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * false-sharing on random logs against a direct model of MSCAN.md §8.3: for every access while
 * recording, every live object overlapping the access's line, if there are two or more, is added
 * to the access PC's set. The objects never overlap each other, so "overlapping the line" is the
 * whole of objects_on_line's walk. The analysis skips repeated (PC, line) pairs while the labels
 * are unchanged; this checks that the skipping never loses an instance. Each log is also run
 * split over two threads by cache line ({@code SplitPass}), which must give the same document.
 */
class FalseSharingModelTest {
    private static final long BASE = 0xffff880000010000L;
    private static final int SLOTS = 12;
    private static final int SLOT_BYTES = 40; // crosses line boundaries
    private static final String[] NAMES = {"inode", "dentry", "file"};
    private static final long[] ALLOC_PCS = {Scenarios.KMALLOC, Scenarios.SYS_OPEN};
    private static final long[] PCS = {Scenarios.PC_A, Scenarios.PC_B, Scenarios.PC_C, Scenarios.PC_D};

    private record Live(String name, long start, long bytes, long allocPc) {
    }

    @Test
    void equalsTheDirectModelOnRandomLogs(@TempDir Path dir) throws IOException {
        for (int seed = 1; seed <= 30; seed++) {
            Path log = dir.resolve("fs-" + seed + ".log");
            String expected = writeAndModel(new Random(seed), log, 64);
            assertEquals(expected, Scenarios.run(log, List.of("false-sharing")).json(), "seed " + seed);
            assertEquals(expected, Scenarios.runSplit(log, List.of("false-sharing"), Map.of()).json(), "two threads, seed " + seed);
        }
    }

    /** The same at other {@code --line-size}s (lines other than 64 bytes bypass the label maps' line cache). */
    @Test
    void equalsTheDirectModelAtOtherLineSizes(@TempDir Path dir) throws IOException {
        for (int size : new int[] {16, 32, 128, 256}) {
            for (int seed = 1; seed <= 8; seed++) {
                Path log = dir.resolve("fs-" + size + "-" + seed + ".log");
                String expected = writeAndModel(new Random(seed * 1000 + size), log, size);
                assertEquals(expected, Scenarios.run(log, List.of("false-sharing"),
                        Map.of("line-size", List.of("" + size))).json(), size + "-byte lines, seed " + seed);
                assertEquals(expected, Scenarios.runSplit(log, List.of("false-sharing"),
                        Map.of("line-size", List.of("" + size))).json(), "two threads, " + size + "-byte lines, seed " + seed);
            }
        }
    }

    /** Writes a random log and returns the document the model expects for it. */
    private static String writeAndModel(Random rnd, Path log, int lineSize) throws IOException {
        Live[] slots = new Live[SLOTS];
        Map<Long, TreeSet<String>> byPc = new TreeMap<>(Long::compareUnsigned);
        boolean recording = true;
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30).mode(0, 1, 1000, "bench");
            for (int step = 0; step < 400; step++) {
                int what = rnd.nextInt(20);
                int slot = rnd.nextInt(SLOTS);
                long start = BASE + (long) slot * SLOT_BYTES;
                if (what == 0) {
                    recording = !recording;
                    s.mode(0, recording ? 1 : 0, 2000 + step, recording ? "bench" : "");
                } else if (what < 4) {
                    if (slots[slot] == null) {
                        Live o = new Live(NAMES[rnd.nextInt(NAMES.length)], start, 8 + rnd.nextInt(SLOT_BYTES - 8),
                                ALLOC_PCS[rnd.nextInt(ALLOC_PCS.length)]);
                        slots[slot] = o;
                        s.label(0, LabelMaps.HEAP, o.name(), o.start(), o.bytes(), o.allocPc());
                    } else {
                        slots[slot] = null;
                        s.label(0, LabelMaps.HEAP, "", start, 0, 0);
                    }
                } else {
                    long pc = PCS[rnd.nextInt(PCS.length)];
                    long addr = BASE + rnd.nextInt(SLOTS * SLOT_BYTES);
                    s.load(rnd.nextInt(2), pc, addr, 8, rnd.nextBoolean());
                    if (recording) {
                        List<Live> onLine = new ArrayList<>();
                        long line = addr & -lineSize;
                        for (Live o : slots) {
                            if (o != null && o.start() < line + lineSize && line < o.start() + o.bytes()) {
                                onLine.add(o);
                            }
                        }
                        if (onLine.size() > 1) {
                            TreeSet<String> set = byPc.computeIfAbsent(pc, k -> new TreeSet<>());
                            for (Live o : onLine) {
                                // name then alloc_pc; both fixed-width-comparable here
                                set.add(o.name() + "\u0000" + Long.toHexString(o.allocPc()));
                            }
                        }
                    }
                }
            }
        }
        return Scenarios.document(render(byPc));
    }

    private static String render(Map<Long, TreeSet<String>> byPc) {
        StringBuilder sb = new StringBuilder("\"false-sharing\": [");
        if (byPc.isEmpty()) {
            return sb.append(" ]").toString();
        }
        int p = 0;
        for (Map.Entry<Long, TreeSet<String>> e : byPc.entrySet()) {
            sb.append(p++ == 0 ? "\n" : ",\n");
            sb.append("  {\n    \"pc\": \"0x").append(Long.toHexString(e.getKey())).append("\",\n    \"instances\": [");
            int i = 0;
            for (String in : e.getValue()) {
                String[] parts = in.split("\u0000");
                long allocPc = Long.parseUnsignedLong(parts[1], 16); // described as Scenarios.kernel() names it
                sb.append(i++ == 0 ? "\n" : ",\n");
                sb.append("      {\n        \"name\": \"").append(parts[0]).append("\",\n");
                sb.append("        \"alloc-pc\": \"0x").append(parts[1]).append("\",\n");
                sb.append("        \"alloc-info\": \"").append(allocPc == Scenarios.KMALLOC ? "kmalloc at slab.c:5" : "sys_open at open.c:10").append("\"\n      }");
            }
            sb.append(" ]\n  }");
        }
        return sb.append(" ]").toString();
    }
}
