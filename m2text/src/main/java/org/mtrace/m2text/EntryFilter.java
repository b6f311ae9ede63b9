package org.mtrace.m2text;

import java.util.Collection;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;

/**
 * Which entries to print: a set of entry types and a set of header CPUs,
 * each meaning "all" when empty. Lookups are array reads so the filter costs
 * next to nothing per entry.
 */
final class EntryFilter {
    private static final int CPU_LIMIT = 1 << 16; // the header's cpu is a u16

    private final boolean[] types;
    private final boolean[] cpus;

    EntryFilter(Collection<EntryType> types, Collection<Integer> cpus) {
        this.types = types.isEmpty() ? null : new boolean[EntryType.CODE_LIMIT];
        for (EntryType t : types) {
            this.types[t.code()] = true;
        }
        this.cpus = cpus.isEmpty() ? null : new boolean[CPU_LIMIT];
        for (int c : cpus) {
            if (c < 0 || c >= CPU_LIMIT) {
                throw new IllegalArgumentException("cpu " + c + " is outside 0.." + (CPU_LIMIT - 1));
            }
            this.cpus[c] = true;
        }
    }

    /** True when every entry passes. */
    boolean acceptsAll() {
        return types == null && cpus == null;
    }

    /** Entries of unknown type pass only when no type was asked for. */
    boolean accepts(Entry e) {
        if (types != null) {
            int code = e.typeCode();
            if (code <= 0 || code >= types.length || !types[code]) {
                return false;
            }
        }
        return cpus == null || cpus[e.cpu()];
    }
}
