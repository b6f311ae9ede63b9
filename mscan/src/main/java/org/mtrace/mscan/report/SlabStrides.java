package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * Where the objects of a slab page lie that were allocated before the recording began (the
 * recorder labels the page, {@code slab page of dentry}, but not those objects): SLUB places a
 * slab's objects one stride apart from the slab's first byte, and a slab is a buddy block aligned
 * to its size. Both are read off the objects that moved: the slab size is the largest power of two
 * dividing every moved slab page's start of that cache, the stride the greatest common divisor of
 * its moved objects' offsets in their slabs. A cache is used only when it is named after a type,
 * the stride holds that type with at most {@link #SLACK} bytes to spare (SLUB's free pointer and
 * alignment), enough slabs and objects moved to trust both, and none of its objects came from an
 * allocation site of another type (a merged cache holds several types in one slab).
 */
final class SlabStrides {
    /** The label name prefix of a slab page ({@code mm/slub.c} pages as the recorder names them). */
    static final String SLAB_PAGE = "slab page of ";
    /** Bytes a stride may exceed its type's size by. */
    private static final long SLACK = 64;
    /** Slab pages and objects a cache needs, so that the two divisors are not a multiple of the truth. */
    private static final int MIN_SLABS = 3;
    private static final int MIN_OBJECTS = 4;

    /** A cache's type, stride and slab size. */
    record Layout(String type, long stride, long slabSize) {
    }

    private final Map<String, Layout> byCache;

    private SlabStrides(Map<String, Layout> byCache) {
        this.byCache = byCache;
    }

    /** No cache's layout (a run without a kernel image has no types). */
    static SlabStrides none() {
        return new SlabStrides(Map.of());
    }

    /** Per cache, what the collector's moved objects say (see the class comment). */
    static SlabStrides of(ReportCollector collector, Attribution attribution) {
        Map<String, long[]> slabs = new HashMap<>();   // cache -> {count, OR of starts' low bits below the lowest set}
        Map<String, long[]> objects = new HashMap<>(); // cache -> {count, starts...}
        Map<String, Boolean> merged = new HashMap<>();
        boolean[] shapeAsked = new boolean[collector.shapes() + 1];
        for (int id = 1; id <= collector.objects(); id++) {
            int shapeId = collector.objectShape(id);
            Shape s = collector.shape(shapeId);
            String name = collector.objectName(id); // the label's own name: a slab page's shape has its purpose
            long start = collector.objectStart(id);
            if (s.labelType() == LabelMaps.BLOCK && name.startsWith(SLAB_PAGE)) {
                long[] a = slabs.computeIfAbsent(name.substring(SLAB_PAGE.length()), k -> new long[] {0, 0});
                a[0]++;
                a[1] |= start; // the slab size is the lowest bit set in any start
            } else if (s.labelType() == LabelMaps.HEAP) {
                long[] a = objects.computeIfAbsent(name, k -> new long[8]);
                if (a[0] + 1 == a.length) {
                    a = java.util.Arrays.copyOf(a, a.length * 2);
                    objects.put(name, a);
                }
                a[(int) ++a[0]] = start;
                if (!shapeAsked[shapeId]) { // once per (name, allocation site)
                    shapeAsked[shapeId] = true;
                    if (s.allocPc() != 0 && attribution.mergedCacheUser(name, s.allocPc()) != null) {
                        merged.put(name, true);
                    }
                }
            }
        }
        Map<String, Layout> out = new HashMap<>();
        slabs.forEach((cache, a) -> {
            long[] o = objects.get(cache);
            java.util.OptionalLong size = attribution.kernel().typeSize(cache);
            if (a[0] < MIN_SLABS || o == null || o[0] < MIN_OBJECTS || size.isEmpty()
                    || merged.getOrDefault(cache, false)) {
                return;
            }
            long slabSize = Long.lowestOneBit(a[1]);
            long stride = 0;
            for (int i = 1; i <= o[0]; i++) {
                stride = gcd(stride, Long.remainderUnsigned(o[i], slabSize));
            }
            if (stride >= size.getAsLong() && stride <= size.getAsLong() + SLACK) {
                out.put(cache, new Layout(cache, stride, slabSize));
            }
        });
        return new SlabStrides(out);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The layout of the slab pages labelled {@code labelName}, or null (not a slab page, or not trusted). */
    Layout of(String labelName) {
        return labelName.startsWith(SLAB_PAGE) ? byCache.get(labelName.substring(SLAB_PAGE.length())) : null;
    }
}
