package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.BlockPurpose;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * Where the objects of a slab page lie that were allocated before the recording began (the
 * recorder labels the page, {@code slab page of dentry}, but not those objects): SLUB places a
 * slab's objects one stride apart from the slab's first byte, and a slab is a buddy block aligned
 * to its size. Both are read off the objects that moved: the slab size is the length of the
 * cache's slab page labels (when they agree, are a power of two and every moved slab page starts
 * at a multiple of it), else the largest power of two dividing every moved slab page's start, the
 * stride the greatest common divisor of its moved objects' offsets in their slabs. A cache is used
 * only when it is named after a type, the stride holds the length its objects' labels agree on
 * (else that type: a {@code task_struct} ends with FPU state sized at boot) with at most
 * {@link #SLACK} bytes to spare (SLUB's free pointer and alignment), enough slabs and objects moved to trust both, and none of its objects came from an
 * allocation site of another type (a merged cache holds several types in one slab).
 *
 * <p>Read in two walks over the moved objects (millions on a large recording), by shape: the slab
 * pages' starts, then the heap objects' offsets in slabs of the size the first walk found.
 */
final class SlabStrides {
    /** The label name prefix of a slab page ({@code mm/slub.c} pages as the recorder names them). */
    static final String SLAB_PAGE = "slab page of ";
    /** Bytes a stride may exceed its type's size by. */
    private static final long SLACK = 64;
    /**
     * Slab pages and objects a cache needs, so that the two divisors are not a multiple of the truth
     * (slab pages: only where their labels' length does not give the slab size).
     */
    private static final int MIN_SLABS = 3;
    private static final int MIN_OBJECTS = 4;

    /** A cache's type, its objects' length, the stride and the slab size. */
    record Layout(String type, long objectBytes, long stride, long slabSize) {
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
        int shapes = collector.shapes();
        boolean[] slabShape = new boolean[shapes + 1];
        boolean[] heapShape = new boolean[shapes + 1];
        for (int s = 1; s <= shapes; s++) {
            slabShape[s] = mayBeSlabPage(collector.shape(s));
            heapShape[s] = collector.shape(s).labelType() == LabelMaps.HEAP;
        }
        // the slab pages: per cache, how many moved, the OR of their starts (lowest bit: a bound on
        // the slab size) and their labels' length (0 until one is seen, -1 where two differ)
        Map<String, long[]> slabs = new HashMap<>();
        for (int id = 1; id <= collector.objects(); id++) {
            if (slabShape[collector.objectShape(id)]) {
                String name = collector.objectName(id); // the label's own name: the shape has the purpose
                if (name.startsWith(SLAB_PAGE)) {
                    long[] a = slabs.computeIfAbsent(name.substring(SLAB_PAGE.length()), k -> new long[3]);
                    a[0]++;
                    a[1] |= collector.objectStart(id);
                    a[2] = ObjectRegistry.agreeingLength(a[2], collector.objectKindBytes(id));
                }
            }
        }
        // the heap objects, per shape (a heap shape is one label name): count and gcd of offsets in slabs
        long[] slabSizeOf = new long[shapes + 1];
        for (int s = 1; s <= shapes; s++) {
            long[] a = heapShape[s] ? slabs.get(collector.shape(s).name()) : null;
            slabSizeOf[s] = a == null ? 0 : slabSize(a);
        }
        long[] count = new long[shapes + 1];
        long[] gcd = new long[shapes + 1];
        long[] bytes = new long[shapes + 1]; // the objects' label length: 0 until seen, -1 where two differ
        for (int id = 1; id <= collector.objects(); id++) {
            int s = collector.objectShape(id);
            if (slabSizeOf[s] != 0) {
                count[s]++;
                gcd[s] = gcd(gcd[s], Long.remainderUnsigned(collector.objectStart(id), slabSizeOf[s]));
                bytes[s] = ObjectRegistry.agreeingLength(bytes[s], collector.objectKindBytes(id));
            }
        }
        Map<String, long[]> perCache = new HashMap<>(); // count, gcd, merged (1), label length (as bytes[])
        for (int s = 1; s <= shapes; s++) {
            if (slabSizeOf[s] == 0 || count[s] == 0) {
                continue;
            }
            Shape shape = collector.shape(s);
            long[] c = perCache.computeIfAbsent(shape.name(), k -> new long[4]);
            c[0] += count[s];
            c[1] = gcd(c[1], gcd[s]);
            if (shape.allocPc() != 0 && attribution.mergedCacheUser(shape.name(), shape.allocPc()) != null) {
                c[2] = 1;
            }
            c[3] = ObjectRegistry.agreeingLength(c[3], bytes[s]);
        }
        Map<String, Layout> out = new HashMap<>();
        perCache.forEach((cache, c) -> {
            java.util.OptionalLong size = attribution.kernel().typeSize(cache);
            // an object is what its labels say when they agree (a task_struct ends with the FPU
            // state, whose size the CPU decides at boot: 6,208 bytes on 6.12's QEMU, where DWARF
            // says 9,792), else its type
            long object = c[3] > 0 ? c[3] : size.orElse(0);
            long stride = c[1];
            if (c[0] >= MIN_OBJECTS && c[2] == 0 && size.isPresent() && stride >= object && stride <= object + SLACK) {
                out.put(cache, new Layout(cache, object, stride, slabSize(slabs.get(cache))));
            }
        });
        return new SlabStrides(out);
    }

    /**
     * The slab size of a cache whose moved slab pages {@code a} holds (count, OR of starts, label
     * length): the labels' length if it is a power of two that every start is a multiple of, else,
     * with at least {@link #MIN_SLABS} pages, the largest power of two dividing every start; 0 if
     * neither.
     */
    private static long slabSize(long[] a) {
        long aligned = Long.lowestOneBit(a[1]);
        if (a[2] > 0 && Long.bitCount(a[2]) == 1 && aligned >= a[2]) {
            return a[2];
        }
        return a[0] < MIN_SLABS ? 0 : aligned;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Whether objects of shape {@code shape} may be slab pages ({@link #of(String)} then says which cache). */
    static boolean mayBeSlabPage(Shape shape) {
        return shape != null && shape.labelType() == LabelMaps.BLOCK && shape.purpose() != null
                && shape.purpose().what().equals(BlockPurpose.SLAB_PAGE);
    }

    /** The layout of the slab pages labelled {@code labelName}, or null (not a slab page, or not trusted). */
    Layout of(String labelName) {
        return labelName.startsWith(SLAB_PAGE) ? byCache.get(labelName.substring(SLAB_PAGE.length())) : null;
    }
}
