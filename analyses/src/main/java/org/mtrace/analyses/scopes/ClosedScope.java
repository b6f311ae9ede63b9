package org.mtrace.analyses.scopes;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.util.CpuSet;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.util.Unsigned;

/**
 * A collected scope, frozen for the pairwise comparison at the end of the log: abstract variable
 * names as sorted arrays, read and write addresses as sorted arrays with their records.
 */
final class ClosedScope {
    final String name;
    final CpuSet cpus;
    final String[] aread;
    final String[] awrite;
    final long[] readAddrs;
    final PhysicalAccess[] readRecs;
    final long[] writeAddrs;
    final PhysicalAccess[] writeRecs;

    ClosedScope(Scope s) {
        name = s.name;
        cpus = s.cpus.copy();
        aread = s.aread.toArray(new String[0]);
        awrite = s.awrite.toArray(new String[0]);
        readAddrs = sortedKeys(s.accesses, false);
        readRecs = records(s.accesses, readAddrs);
        writeAddrs = sortedKeys(s.accesses, true);
        writeRecs = records(s.accesses, writeAddrs);
    }

    private static long[] sortedKeys(LongObjectHashMap<ScopeAccess> m, boolean writes) {
        long[] k = m.keySet().select(addr -> m.get(addr).write == writes).toArray();
        Unsigned.sort(k);
        return k;
    }

    private static PhysicalAccess[] records(LongObjectHashMap<ScopeAccess> m, long[] addrs) {
        PhysicalAccess[] r = new PhysicalAccess[addrs.length];
        for (int i = 0; i < addrs.length; i++) {
            r[i] = m.get(addrs[i]).toRecord(addrs[i]);
        }
        return r;
    }
}
