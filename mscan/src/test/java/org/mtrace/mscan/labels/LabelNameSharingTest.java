package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Live labels keep one String per distinct name (the decoder hands a fresh copy per label entry),
 * and interning changes no result: removals and re-adds at the same start, under names shared by
 * many labels, agree with the java.util model of §4.2.
 */
class LabelNameSharingTest {
    private static final String[] NAMES = {"dentry", "kmalloc-64", "pages"};

    /** A copy equal to {@code s} but a distinct instance, as Bytes.string makes per label entry. */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void labelsOfOneNameShareOneString() {
        LabelMaps maps = new LabelMaps(w -> { });
        long base = 0xffff880000000000L;
        String first = fresh("dentry");
        LabelObject a = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, first, base, 192, 0x1000));
        LabelObject b = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, fresh("dentry"), base + 256, 192, 0x1000));
        LabelObject c = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, fresh("dentry"), base + 512, 192, 0x2000)); // other alloc pc
        LabelObject d = LabelMapsTest.object(maps, maps.add(LabelMaps.BLOCK, fresh("dentry"), base + 4096, 64, 0));
        LabelObject e = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, fresh("pages"), base + 8192, 64, 0x1000));
        assertNotNull(a);
        assertSame(first, a.name(), "the first copy seen becomes the shared one");
        assertSame(a.name(), b.name());
        assertSame(a.name(), c.name(), "kinds differ, the name is still one instance");
        assertSame(a.name(), d.name(), "blocks share it too");
        assertEquals("pages", e.name());
        assertNotSame(a.name(), e.name());
        assertEquals(a.kind(), b.kind());
        assertNotEquals(a.kind(), c.kind());
        assertSame(a.name(), maps.kindName(c.kind()));
    }

    @Test
    void removingAndReusingStartsAgreesWithTheModel() {
        Random rnd = new Random(13);
        LabelMaps maps = new LabelMaps(w -> { });
        LabelMapsModelTest.Model model = new LabelMapsModelTest.Model();
        long base = 0xffff880000000000L;
        int slots = 512; // few starts, so each is freed and reused many times
        List<Long> live = new ArrayList<>();
        ObjectList out = new ObjectList();
        String[] canonical = new String[NAMES.length];
        for (int step = 0; step < 40000; step++) {
            int op = rnd.nextInt(4);
            if (op == 0 || live.isEmpty()) {
                long start = base + 32L * rnd.nextInt(slots);
                long bytes = 8L * (1 + rnd.nextInt(8));
                int n = rnd.nextInt(NAMES.length);
                String name = fresh(NAMES[n]);
                LabelObject o = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, name, start, bytes, 0x100 * rnd.nextInt(3)));
                model.add(o != null ? o : new LabelObject(-1, 1, name, start, bytes, 0));
                if (o != null) {
                    live.add(start);
                    if (canonical[n] == null) {
                        canonical[n] = o.name();
                    }
                    assertSame(canonical[n], o.name(), "one instance per name at step " + step);
                }
            } else if (op == 1) {
                long start = live.remove(rnd.nextInt(live.size()));
                maps.remove(LabelMaps.HEAP, start, false);
                model.remove(start);
            } else {
                long addr = base + rnd.nextInt(32 * slots + 256);
                LabelObject expected = model.objectAt(addr);
                LabelObject actual = maps.objectAt(addr);
                assertEquals(expected == null ? null : expected.start(), actual == null ? null : actual.start(), "objectAt start");
                assertEquals(expected == null ? null : expected.name(), actual == null ? null : actual.name(), "objectAt name");
                assertEquals(model.onLine(addr), LabelMapsModelTest.namesOnLine(maps, addr, out), "objects on line of " + Long.toHexString(addr) + " at step " + step);
            }
        }
        assertEquals(live.size(), maps.size());
    }
}
