package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.lines.LineSize;

/**
 * The label maps (with their line hints and line cache) against a direct model of MSCAN.md §4.2
 * built on java.util maps, under random adds, removals and queries: small objects packed close
 * together, some sharing last bytes, some large ones spanning many lines and pages.
 */
class LabelMapsModelTest {

    /** §4.2 for the types map, literally. */
    static final class Model {
        final Map<Long, LabelObject> byStart = new HashMap<>();
        final TreeMap<Long, LabelObject> byLast = new TreeMap<>(Long::compareUnsigned);

        void add(LabelObject o) {
            if (byStart.containsKey(o.start())) {
                return;
            }
            byStart.put(o.start(), o);
            byLast.putIfAbsent(o.lastByte(), o);
        }

        void remove(long start) {
            LabelObject o = byStart.remove(start);
            if (o != null) {
                byLast.remove(o.lastByte());
            }
        }

        LabelObject objectAt(long addr) {
            Map.Entry<Long, LabelObject> c = byLast.ceilingEntry(addr);
            return c != null && c.getValue().contains(addr) ? c.getValue() : null;
        }

        List<String> onLine(long addr) {
            return onLine(addr, 64);
        }

        /** The objects the walk reports on the {@code bytes}-byte line of {@code addr}. */
        List<String> onLine(long addr, int bytes) {
            long l = addr & -bytes;
            List<String> names = new ArrayList<>();
            for (LabelObject o : byLast.tailMap(l, true).values()) {
                if (Long.compareUnsigned(o.start(), l + bytes) < 0 && Long.compareUnsigned(l, o.end()) < 0) {
                    names.add(o.name());
                } else {
                    break;
                }
            }
            return names;
        }
    }

    /** Names of {@code maps.objectsOnLine(addr)}, in order ({@code out} is the scratch list). */
    static List<String> namesOnLine(LabelMaps maps, long addr, ObjectList out) {
        maps.objectsOnLine(addr, out);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            names.add(out.get(i).name());
        }
        return names;
    }

    @Test
    void agreesWithTheModel() {
        long base = 0xffff880000000000L;
        Random rnd = new Random(7);
        Sightings seen = run(rnd, () -> base + 8L * rnd.nextInt(4096),
                () -> rnd.nextInt(20) == 0 ? 64L * (1 + rnd.nextInt(200)) : 8L * (1 + rnd.nextInt(12)),
                () -> base + rnd.nextInt(4096 * 8 + 4096));
        assertTrue(seen.twoOrMore > 1000, "lines with two objects or more: " + seen.twoOrMore);
    }

    /**
     * Labels scattered over 256 pages with most pages empty, some spanning pages, some of zero
     * bytes (last byte below the start): the page counts that let a query skip the walk must
     * agree with the walk, including after removals empty a page again.
     */
    @Test
    void agreesWithTheModelOnSparsePages() {
        long base = 0xffff888000000000L;
        Random rnd = new Random(11);
        Sightings seen = run(rnd, () -> base + 4096L * rnd.nextInt(256) + 8L * rnd.nextInt(rnd.nextInt(8) == 0 ? 512 : 16),
                () -> switch (rnd.nextInt(25)) {
                    case 0 -> 4096L * (1 + rnd.nextInt(3)) + 8L * rnd.nextInt(64);
                    case 1 -> 0L;
                    default -> 8L * (1 + rnd.nextInt(12));
                },
                () -> base - 4096 + rnd.nextInt(4096 * 258));
        // the line counts must spare the walk on most lines that hold fewer than two objects, or
        // they are no filter (their collisions and the pages of long labels only cost a walk)
        assertTrue(seen.sparedWalks * 2 > seen.fewerThanTwo,
                "spared " + seen.sparedWalks + " of " + seen.fewerThanTwo + " queries of lines with one object at most");
    }

    /**
     * The line counts made at the first query grow with the labels added after it (their table is
     * made again, larger, when crowded): 150,000 lines hold one 32-byte object, every fourth a
     * second one; each line with two must be told, and most with one spared the walk.
     */
    @Test
    void lineCountsGrowWithTheLabels() {
        long base = 0xffff888100000000L;
        LabelMaps maps = new LabelMaps(w -> { });
        int lines = 150_000;
        for (int i = 0; i < lines; i++) {
            maps.add(LabelMaps.HEAP, "a", base + 64L * i, 32, 0);
            if (i % 4 == 0) {
                maps.add(LabelMaps.HEAP, "b", base + 64L * i + 32, 32, 0);
            }
            if (i == 10) {
                assertTrue(maps.mayHoldTwoObjects(base, LineSize.DEFAULT), "the line counts are made here");
            }
        }
        int spared = 0;
        for (int i = 0; i < lines; i++) {
            boolean mayHoldTwo = maps.mayHoldTwoObjects(base + 64L * i + 5, LineSize.DEFAULT);
            if (i % 4 == 0) {
                assertTrue(mayHoldTwo, "two objects on line " + i);
            } else {
                spared += mayHoldTwo ? 0 : 1;
            }
        }
        assertTrue(spared > lines * 3 / 4 * 9 / 10, "spared " + spared + " of " + lines * 3 / 4);
    }

    /** What the queries of one {@link #run} met, for line sizes 32, 64 and 128 together. */
    static final class Sightings {
        int twoOrMore;
        int fewerThanTwo;
        /** Queries of lines with fewer than two objects that {@link LabelMaps#mayHoldTwoObjects} answered. */
        int sparedWalks;
    }

    private static Sightings run(Random rnd, java.util.function.LongSupplier nextStart,
            java.util.function.LongSupplier nextBytes, java.util.function.LongSupplier nextQuery) {
        LabelMaps maps = new LabelMaps(w -> { });
        Model model = new Model();
        List<Long> starts = new ArrayList<>();
        ObjectList out = new ObjectList();
        KindList kinds = new KindList();
        Sightings seen = new Sightings();
        int serial = 0;
        for (int step = 0; step < 60000; step++) {
            int op = rnd.nextInt(10);
            if (op < 2 || starts.isEmpty()) {
                long start = nextStart.getAsLong();
                long bytes = nextBytes.getAsLong();
                String name = "o" + serial++;
                LabelObject o = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, name, start, bytes, 0));
                model.add(o != null ? o : new LabelObject(-1, 1, name, start, bytes, 0));
                if (o != null) {
                    starts.add(start);
                }
            } else if (op < 3) {
                long start = starts.remove(rnd.nextInt(starts.size()));
                maps.remove(LabelMaps.HEAP, start, false);
                model.remove(start);
            } else {
                long addr = nextQuery.getAsLong();
                LabelObject expected = model.objectAt(addr);
                LabelObject actual = maps.objectAt(addr);
                assertEquals(expected == null ? null : expected.name(), actual == null ? null : actual.name(), "objectAt");
                List<String> names = namesOnLine(maps, addr, out);
                assertEquals(model.onLine(addr), names, "objects on line of " + Long.toHexString(addr) + " at step " + step);
                maps.kindsOnLine(addr, kinds);
                List<String> kindNames = new ArrayList<>();
                for (int i = 0; i < kinds.size(); i++) {
                    kindNames.add(maps.kindName(kinds.get(i)));
                }
                assertEquals(names, kindNames, "kinds on line");
                for (int bytes : new int[] {32, 64, 128}) {
                    int objects = model.onLine(addr, bytes).size();
                    boolean mayHoldTwo = maps.mayHoldTwoObjects(addr, LineSize.of(bytes));
                    if (objects >= 2) {
                        assertTrue(mayHoldTwo, objects + " objects on the " + bytes + "-byte line of "
                                + Long.toHexString(addr) + " at step " + step);
                        seen.twoOrMore++;
                    } else {
                        seen.fewerThanTwo++;
                        seen.sparedWalks += mayHoldTwo ? 0 : 1;
                    }
                }
            }
        }
        return seen;
    }
}
