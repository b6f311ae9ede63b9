package org.mtrace.analyses.faults;

import org.mtrace.format.FaultKind;
import org.mtrace.mscan.json.JsonWriter;

/** Events of each {@link FaultKind} in one group (a PC, a VMA, a task, a time bucket). */
final class KindCounts {
    private static final FaultKind[] KINDS = FaultKind.values();
    private final long[] counts = new long[KINDS.length];
    private long total;

    /** Counts one event of the logged kind code; codes the format does not define count in the total only. */
    void add(int kindCode) {
        FaultKind k = FaultKind.ofCode(kindCode);
        if (k != null) {
            counts[k.ordinal()]++;
        }
        total++;
    }

    long total() {
        return total;
    }

    long of(FaultKind k) {
        return counts[k.ordinal()];
    }

    /** {@code "events": N, "minor": N, ..., "swap-read": N} into the current object. */
    void write(JsonWriter out) {
        out.key("events").unsignedValue(total);
        for (FaultKind k : KINDS) {
            out.key(k.spelling()).unsignedValue(counts[k.ordinal()]);
        }
    }
}
