package org.mtrace.analyses.allsharing;

import org.mtrace.mscan.kernel.KernelAttribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.AccessType;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.FixedKernelInfo;

class AllSharingTest {
    @TempDir
    Path dir;

    @Test
    void writtenLinesTouchedByTwoCpus() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), AllSharingTest::twoCpusOnOneLine, "all-sharing");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "shared_cachelines": [
                    {
                      "accesses": [
                        {
                          "addr": "foo+0x0",
                          "rawaddr": "0xffff880000000000",
                          "pc": "0x10 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x8",
                          "rawaddr": "0xffff880000000008",
                          "pc": "0x12 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x10",
                          "rawaddr": "0xffff880000000010",
                          "pc": "0x14 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x18",
                          "rawaddr": "0xffff880000000018",
                          "pc": "0x16 at ??:0",
                          "size": 8
                        } ],
                      "cpureads": [
                        4,
                        0,
                        0 ],
                      "cpuwrites": [
                        2,
                        2,
                        0 ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    /** The log of {@link #writtenLinesTouchedByTwoCpus}. */
    private static void twoCpusOnOneLine(org.mtrace.mscan.scenario.ScenarioLog s) throws IOException {
        s.label(0, 1, "foo", K, 128, 0x999);
        s.mode(0, 1, 10, "m");                 // movement mode: not recorded
        s.store(3, 0x90, K, 8, true);
        s.mode(0, 3, 20, "k");                 // kernelscope: not recorded either
        s.store(3, 0x90, K, 8, true);
        s.mode(0, 2, 30, "a");
        s.load(0, 0x10, K, 8, true);
        s.load(0, 0x11, K, 8, true);           // same address: first record kept
        s.store(0, 0x12, K + 8, 8, true);
        s.store(1, 0x20, K, 4, true);          // CPU 1 comes after CPU 0
        s.store(1, 0x22, K + 0x10, 8, true);
        s.load(0, 0x14, K + 0x10, 8, true);    // ... even when it came first in the log
        s.store(0, 0x15, K + 0x18, 8, true);
        s.load(0, 0x16, K + 0x18, 8, true);    // loads before stores
        s.load(1, 0x21, K + 0x48, 8, true);    // line 0x40: read only
        s.load(0, 0x13, K + 0x40, 8, true);
        s.store(2, 0x30, K + 0x80, 8, true);   // line 0x80: one CPU
        s.mode(0, 0, 40, "a");
        s.store(3, 0x90, K, 8, true);
    }

    /**
     * The same log with 128-byte lines, worked by hand: K..K+0x7f is one line, so the read-only
     * 64-byte line K+0x40 joins it. CPU 0 loads K twice, K+0x10, K+0x18 and K+0x40 (5) and stores
     * K+8 and K+0x18 (2); CPU 1 stores K and K+0x10 (2) and loads K+0x48 (1). Records: CPU 0's
     * loads at K (pc 0x10, first of two), K+0x10 (0x14, beats CPU 1's store), K+0x18 (0x16, load
     * before store), K+0x40 (0x13), its store at K+8 (0x12), CPU 1's load at K+0x48 (0x21). CPU 2's
     * line K+0x80 stays alone; CPU 3 stored only outside the ascope window.
     */
    @Test
    void linesOf128BytesJoinNeighbours() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), Map.of("line-size", List.of("128")),
                AllSharingTest::twoCpusOnOneLine, "all-sharing");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "shared_cachelines": [
                    {
                      "accesses": [
                        {
                          "addr": "foo+0x0",
                          "rawaddr": "0xffff880000000000",
                          "pc": "0x10 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x8",
                          "rawaddr": "0xffff880000000008",
                          "pc": "0x12 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x10",
                          "rawaddr": "0xffff880000000010",
                          "pc": "0x14 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x18",
                          "rawaddr": "0xffff880000000018",
                          "pc": "0x16 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x40",
                          "rawaddr": "0xffff880000000040",
                          "pc": "0x13 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x48",
                          "rawaddr": "0xffff880000000048",
                          "pc": "0x21 at ??:0",
                          "size": 8
                        } ],
                      "cpureads": [
                        5,
                        1,
                        0 ],
                      "cpuwrites": [
                        2,
                        2,
                        0 ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    @Test
    void nothingRecordedGivesEmptyList() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> s.store(0, 1, K, 8, true),
                "all-sharing");
        assertEquals("{\n  \"shared_cachelines\": [ ]\n}\n", r.json());
    }

    /**
     * all-sharing-movement counts the movement phases of a log exactly as all-sharing counts the
     * ascope phases (here every logged access is a transfer of the line to that CPU), and the two
     * do not see each other's phases.
     */
    @Test
    void movementVariantCountsMovementPhasesOnly() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.label(0, 1, "foo", K, 128, 0x999);
            s.mode(0, 1, 10, "m");
            s.store(0, 0x10, K, 8, true);          // CPU 0 takes the line
            s.load(1, 0x20, K + 8, 8, true);       // CPU 1 pulls it
            s.store(1, 0x21, K + 8, 8, true);      // ... and takes it
            s.load(0, 0x11, K, 8, true);           // CPU 0 pulls it back: its read record wins at K
            s.store(2, 0x30, K + 0x40, 8, true);   // line 0x40: one CPU only
            s.mode(0, 2, 20, "a");
            s.store(3, 0x90, K, 8, true);          // ascope phase: all-sharing's, not ours
            s.store(4, 0x91, K, 8, true);
            s.mode(0, 0, 30, "");
        }, "all-sharing", "all-sharing-movement");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of(), r.output().unmet());
        String json = r.json();
        String movement = json.substring(json.indexOf("  \"shared_cachelines_movement\""));
        assertEquals(ScenarioRun.lines("""
                  "shared_cachelines_movement": [
                    {
                      "accesses": [
                        {
                          "addr": "foo+0x0",
                          "rawaddr": "0xffff880000000000",
                          "pc": "0x11 at ??:0",
                          "size": 8
                        },
                        {
                          "addr": "foo+0x8",
                          "rawaddr": "0xffff880000000008",
                          "pc": "0x20 at ??:0",
                          "size": 8
                        } ],
                      "cpureads": [
                        1,
                        1,
                        0 ],
                      "cpuwrites": [
                        1,
                        1,
                        0 ]
                    } ]
                }
                """), ScenarioRun.lines(movement));
        // all-sharing saw only CPUs 3 and 4 of the ascope phase
        assertTrue(json.startsWith("""
                {
                  "shared_cachelines": [
                    {
                      "accesses": [
                        {
                          "addr": "foo+0x0",
                          "rawaddr": "0xffff880000000000",
                          "pc": "0x90 at ??:0",
                          "size": 8
                        } ],
                      "cpureads": [
                        0,
                        0,
                        0,
                        0,
                        0 ],
                      "cpuwrites": [
                        0,
                        0,
                        0,
                        1,
                        1 ]
                    } ],
                """), json);
    }

    /** One access of the random scenario. */
    private record Access(int cpu, boolean write, long pc, long addr, int size) {
    }

    private static final int[] CPUS = {0, 1, 2, 3, 9, 65};
    /**
     * CPUs around the last rank a line's rank byte holds exactly (rank = 2 * CPU + kind; bytes hold
     * rank + 1 up to 254): 126's loads and stores are exact, 127's store and everything above share
     * the "unknown" byte and are decided by the record's own rank.
     */
    private static final int[] HIGH_CPUS = {0, 5, 126, 127, 128, 200};

    /**
     * Random accesses (CPUs up to 65, so the dense counters widen and the sparse ones are used;
     * 6 hot lines and 3000 cold ones, so the line table grows; labels changing in between) against
     * a direct model of the spec: per CPU and line, counters and first-record-per-address sets for
     * loads and stores.
     */
    @Test
    void matchesDirectModelOfTheSpec() throws IOException {
        List<Object> events = randomEvents(new Random(42), 20000, 3000, 8, 4);
        assertEquals(ScenarioRun.lines(model(events, 64)), ScenarioRun.lines(run(events, 64, false)));
        assertEquals(ScenarioRun.lines(model(events, 64)), ScenarioRun.lines(run(events, 64, true)), "two threads");
    }

    /**
     * The shape of a real kernel: many lines with skewed popularity and every byte offset used, so
     * lines get up to 64 records, their record blocks grow through every size and freed blocks are
     * reused by other lines; against the same model.
     */
    @Test
    void matchesDirectModelOnManyLinesAndEveryByteOffset() throws IOException {
        List<Object> events = randomEvents(new Random(7), 80000, 40000, 64, 1);
        String expected = model(events, 64);
        assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(run(events, 64, false)));
        assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(run(events, 64, true)), "two threads");
    }

    /** High CPUs, whose ranks do not fit the lines' rank bytes, against the same model. */
    @Test
    void matchesDirectModelWithCpusPastTheRankBytes() throws IOException {
        List<Object> events = randomEvents(new Random(11), 20000, 300, 64, 1, HIGH_CPUS);
        String expected = model(events, 64);
        assertTrue(expected.contains("\"cpureads\""), "the log shares lines");
        assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(run(events, 64, false)));
    }

    /**
     * Other line sizes against the same model: 32-byte lines split the 64-byte ones, 128 and 4096
     * join them (4096: up to 4096 records a line, offsets over 64 words).
     */
    @Test
    void matchesDirectModelAtOtherLineSizes() throws IOException {
        for (int size : new int[] {32, 128, 4096}) {
            List<Object> events = randomEvents(new Random(size), 20000, 400, 64, 1);
            String expected = model(events, size);
            assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(run(events, size, false)), size + "-byte lines");
            assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(run(events, size, true)), "two threads, " + size + "-byte lines");
        }
    }

    /**
     * Random accesses: a quarter of them to one of {@code coldLines} lines (skewed towards low
     * line numbers), the rest to 6 hot lines, at one of {@code offsets} positions {@code stride}
     * bytes apart; a relabel now and then.
     */
    private static List<Object> randomEvents(Random rnd, int n, int coldLines, int offsets, int stride) {
        return randomEvents(rnd, n, coldLines, offsets, stride, CPUS);
    }

    /** {@link #randomEvents(Random, int, int, int, int)} on the CPUs {@code cpus} (the first four for the first half). */
    private static List<Object> randomEvents(Random rnd, int n, int coldLines, int offsets, int stride, int[] cpus) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(200) == 0) {
                events.add("relabel");
            }
            int cpu = i < n / 2 ? cpus[rnd.nextInt(4)] : cpus[rnd.nextInt(cpus.length)];
            long line = rnd.nextInt(4) == 0 ? rnd.nextInt(1 + rnd.nextInt(coldLines)) : rnd.nextInt(6);
            events.add(new Access(cpu, rnd.nextInt(3) == 0, 0x100 + rnd.nextInt(5),
                    K + line * 64L + (long) rnd.nextInt(offsets) * stride, 1 + rnd.nextInt(8)));
        }
        return events;
    }

    /** The document of all-sharing on {@code events}; {@code split}: on two threads, half of the lines each. */
    private String run(List<Object> events, int lineSize, boolean split) throws IOException {
        Map<String, List<String>> args = lineSize == 64 ? Map.of() : Map.of("line-size", List.of("" + lineSize));
        ScenarioRun.Body body = s -> {
            s.mode(0, 2, 1, "a");
            int labels = 0;
            for (Object ev : events) {
                if (ev instanceof Access a) {
                    s.access(a.cpu, a.write ? AccessType.ST : AccessType.LD, a.pc, a.addr, a.size, true, false);
                } else {
                    s.label(0, 1, "obj" + labels, K + 64L * (labels % 6), 32, 0); // one more object
                    labels++;
                }
            }
        };
        ScenarioRun.Result r = split ? ScenarioRun.runSplit(dir, FixedKernelInfo.empty(), args, body, "all-sharing")
                : ScenarioRun.run(dir, FixedKernelInfo.empty(), args, body, "all-sharing");
        return r.json();
    }

    private static String model(List<Object> events, int lineSize) {
        int cpus = 1 + events.stream().filter(Access.class::isInstance).mapToInt(e -> ((Access) e).cpu).max().orElse(-1);
        // [cpu][kind] line -> count, line -> (addr -> record)
        List<List<TreeMap<Long, long[]>>> counts = new ArrayList<>();
        List<List<TreeMap<Long, TreeMap<Long, PhysicalAccess>>>> sets = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            counts.add(List.of(new TreeMap<>(Long::compareUnsigned), new TreeMap<>(Long::compareUnsigned)));
            sets.add(List.of(new TreeMap<>(Long::compareUnsigned), new TreeMap<>(Long::compareUnsigned)));
        }
        List<long[]> objects = new ArrayList<>(); // {start, bytes, index}
        int labels = 0;
        for (Object ev : events) {
            if (!(ev instanceof Access a)) {
                objects.add(new long[] {K + 64L * (labels % 6), 32, labels});
                labels++;
                continue;
            }
            int kind = a.write ? 1 : 0;
            long line = a.addr & -lineSize;
            counts.get(a.cpu).get(kind).computeIfAbsent(line, l -> new long[1])[0]++;
            String name = "";
            long base = 0;
            for (long[] o : objects) { // the label map keeps the older object on an equal start
                if (a.addr >= o[0] && a.addr < o[0] + o[1]) {
                    name = "obj" + o[2];
                    base = o[0];
                    break;
                }
            }
            PhysicalAccess rec = new PhysicalAccess(name, base, a.addr, a.pc, a.size, a.write, null);
            sets.get(a.cpu).get(kind).computeIfAbsent(line, l -> new TreeMap<>(Long::compareUnsigned))
                    .putIfAbsent(a.addr, rec);
        }
        TreeMap<Long, Boolean> written = new TreeMap<>(Long::compareUnsigned);
        for (int c = 0; c < cpus; c++) {
            counts.get(c).get(1).keySet().forEach(l -> written.put(l, true));
        }
        StringWriter sw = new StringWriter();
        JsonWriter out = new JsonWriter(sw);
        AccessJson json = new AccessJson(new KernelAttribution(FixedKernelInfo.empty()));
        out.beginObject().key("shared_cachelines").beginArray();
        for (long line : written.keySet()) {
            int touching = 0;
            for (int c = 0; c < cpus; c++) {
                if (counts.get(c).get(0).containsKey(line) || counts.get(c).get(1).containsKey(line)) {
                    touching++;
                }
            }
            if (touching < 2) {
                continue;
            }
            TreeMap<Long, PhysicalAccess> union = new TreeMap<>(Long::compareUnsigned);
            for (int c = 0; c < cpus; c++) {
                for (int kind = 0; kind < 2; kind++) {
                    TreeMap<Long, PhysicalAccess> set = sets.get(c).get(kind).get(line);
                    if (set != null) {
                        set.forEach(union::putIfAbsent);
                    }
                }
            }
            out.beginObject().key("accesses").beginArray();
            union.values().forEach(rec -> json.write(out, rec));
            out.endArray();
            for (int kind = 0; kind < 2; kind++) {
                out.key(kind == 0 ? "cpureads" : "cpuwrites").beginArray();
                for (int c = 0; c < cpus; c++) { // up to the highest CPU that accessed anything
                    long[] n = counts.get(c).get(kind).get(line);
                    out.value(n == null ? 0 : n[0]);
                }
                out.endArray();
            }
            out.endObject();
        }
        out.endArray().endObject();
        out.finishDocument();
        return sw.toString();
    }
}
