package org.mtrace.format.record;

import org.mtrace.format.Entry;

/** The header fields a writer fills in; type and size follow from the record kind. */
public record Header(int cpu, long accessCount, long ts) {

    static Header of(Entry e) {
        return new Header(e.cpu(), e.accessCount(), e.ts());
    }

    /** A header for {@code cpu} with zero counters, handy in tests. */
    public static Header cpu(int cpu) {
        return new Header(cpu, 0, 0);
    }
}
