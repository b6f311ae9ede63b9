package org.mtrace.analyses.scopes;

import java.util.TreeSet;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.util.CpuSet;

/**
 * An open abstract scope (MSCAN.md §8.7): its name, the CPUs that ran it, the abstract variables
 * it read and wrote, and the first write / last read record of every address it touched. The
 * original's read map and write map never share an address (a write removes the read), so both
 * live in one map whose records say which of the two they belong to: one lookup per access.
 */
final class Scope {
    final String name;
    final CpuSet cpus = new CpuSet();
    /** Names in byte order (Appendix A; names are ISO-8859-1, so String order is byte order). */
    final TreeSet<String> aread = new TreeSet<>();
    final TreeSet<String> awrite = new TreeSet<>();
    /** address → its write record (first store) or, if never stored, its read record (last load). */
    final LongObjectHashMap<ScopeAccess> accesses = new LongObjectHashMap<>();

    Scope(String name, int cpu) {
        this.name = name;
        cpus.add(cpu);
    }

    void avar(String var, boolean write) {
        if (write) {
            awrite.add(var);
            aread.remove(var);
        } else if (!awrite.contains(var)) {
            aread.add(var);
        }
    }

    /** Worth keeping once closed: it declared abstract variables. */
    boolean hasAbstractAccesses() {
        return !aread.isEmpty() || !awrite.isEmpty();
    }
}
