package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * Counts, per heap label name, the transfers and objects not described as the type of that name
 * (another type, or none), so that a type row can say what of the objects named after it went
 * elsewhere ({@link Report.Elsewhere}): with SLUB's merged caches a type's row alone no longer
 * adds up to an independent count of the transfers by label name. Kept per shape while the keys
 * are walked (a primitive map probe per key), named at the end.
 */
final class LabelledElsewhere {
    private final ReportCollector collector;
    /** Per heap shape: the transfers and objects counted; other shapes map to {@link #NOT_HEAP}. */
    private final LongObjectHashMap<Counts> byShape = new LongObjectHashMap<>();
    private static final Counts NOT_HEAP = new Counts();

    private static final class Counts {
        long transfers;
        final IntHashSet objects = new IntHashSet();
    }

    LabelledElsewhere(ReportCollector collector) {
        this.collector = collector;
    }

    /** {@code n} transfers to {@code object} (of {@code shape}, 0: unlabelled) not described as its label's name. */
    void count(long shape, int object, long n) {
        if (shape == 0) {
            return;
        }
        Counts c = byShape.get(shape);
        if (c == null) {
            c = collector.shape(shape).labelType() == LabelMaps.HEAP ? new Counts() : NOT_HEAP;
            byShape.put(shape, c);
        }
        if (c != NOT_HEAP) {
            c.transfers += n;
            c.objects.add(object);
        }
    }

    /** Per label name: what was counted. */
    Map<String, Report.Elsewhere> byName() {
        Map<String, Report.Elsewhere> out = new HashMap<>();
        byShape.forEachKeyValue((shape, c) -> {
            if (c != NOT_HEAP) {
                out.merge(collector.shape(shape).name(), new Report.Elsewhere(c.transfers, c.objects.size()),
                        (a, b) -> new Report.Elsewhere(a.transfers() + b.transfers(), a.objects() + b.objects()));
            }
        });
        return out;
    }
}
