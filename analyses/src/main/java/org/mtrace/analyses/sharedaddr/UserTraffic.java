package org.mtrace.analyses.sharedaddr;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.engine.TraceState;

/**
 * User-space accesses per process: the thread running on the accessing CPU comes from the log's
 * sched entries, its process (tgid) and name from its task entries. Accesses on a CPU no sched
 * entry has named yet count under pid 0.
 */
final class UserTraffic {
    /** One process's accesses, for the report. */
    record Process(long pid, String comm, long count) {
    }

    private final long[] running = new long[TraceState.CPU_SLOTS];
    private final LongLongHashMap tgidOf = new LongLongHashMap();
    private final LongObjectHashMap<String> names = new LongObjectHashMap<>();
    private final LongLongHashMap perProcess = new LongLongHashMap();
    private long total;

    void onSched(int cpu, long tid) {
        running[cpu] = tid;
    }

    /** A task entry (init or update): its thread group and latest name. */
    void onTask(long tid, long tgid, String name) {
        tgidOf.put(tid, tgid);
        if (tid == tgid || !names.containsKey(tgid)) {
            names.put(tgid, name); // the group leader's name wins over its threads'
        }
        names.put(tid, name);
    }

    void onAccess(int cpu) {
        long tid = running[cpu];
        perProcess.addToValue(tgidOf.getIfAbsent(tid, tid), 1);
        total++;
    }

    private String nameOf(long pid) {
        String n = names.get(pid);
        return n == null ? "" : n;
    }

    /** Map slots per thread and process (about 64 bytes each), the running-thread array aside. */
    long stateBytes() {
        return 64L * (tgidOf.size() + names.size() + perProcess.size());
    }

    long total() {
        return total;
    }

    /** Processes by descending count (ties: ascending pid). */
    List<Process> processes() {
        List<Process> out = new ArrayList<>();
        perProcess.forEachKeyValue((pid, n) -> out.add(new Process(pid, nameOf(pid), n)));
        out.sort((a, b) -> a.count != b.count ? Long.compare(b.count, a.count) : Long.compare(a.pid, b.pid));
        return out;
    }
}
