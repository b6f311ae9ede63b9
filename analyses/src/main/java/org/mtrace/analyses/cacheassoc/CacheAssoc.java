package org.mtrace.analyses.cacheassoc;

import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.format.HostView;
import org.mtrace.format.MachineView;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.RecordingWindow;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --cache-assoc} (MSCAN.md §8.12): simulates, per CPU, a 512-set 8-way cache with FIFO
 * replacement over the accesses recorded in ascope mode and reports every set's conflict misses
 * with the first missing record per address. Sets are printed in the order libstdc++'s unstable
 * sort by descending misses leaves them (Appendix D, {@link LibstdcxxSort}).
 *
 * <p>The first machine entry with a non-zero {@code num_cpus} fixes the number of CPUs (the
 * original tests "seen" as a non-zero count); host and access entries before it are ignored. Difference: accesses from CPUs at or above that number (undefined in the original) are
 * ignored. Every CPU below that number gets its block of 512 sets in the output, so the count is
 * checked against the log ({@link TraceState#checkCpuCount}) before anything is written, and a
 * CPU's cache is only built once it makes an access (a forged count costs no memory).
 */
public final class CacheAssoc implements Analysis {
    private final AccessJson json;
    private final RecordingWindow window = new RecordingWindow(2);
    /** One slot per CPU once the machine entry is seen; a slot stays null until its CPU accesses memory. */
    private SetAssociativeCache[] caches;
    private long machineEntry;
    private long machineOffset;

    CacheAssoc(AccessJson json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "cache-assoc";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(RecordMode.ASCOPE).andEntries(EntryType.MACHINE);
    }

    @Override
    public void subscribe(Handlers on) {
        on.machine(this::onMachine).host(this::onHost).access(this::onAccess);
    }

    private void onMachine(MachineView m, TraceState state) {
        int ncpu = m.numCpus();
        if (caches == null && ncpu != 0) { // the original tests "seen" as ncpu != 0
            caches = new SetAssociativeCache[ncpu];
            machineEntry = m.entry().index();
            machineOffset = m.entry().streamOffset();
        }
    }

    /** Before the first machine entry the original had no caches and ignored host and access entries. */
    private void onHost(HostView h, TraceState state) {
        if (caches != null) {
            window.update(h);
        }
    }

    private void onAccess(AccessView a, TraceState state) {
        int cpu = a.cpu();
        if (caches == null || !window.active() || cpu >= caches.length) {
            return;
        }
        SetAssociativeCache c = caches[cpu];
        if (c == null) {
            c = caches[cpu] = new SetAssociativeCache();
        }
        long addr = a.guestAddr();
        if (c.access(addr) && !c.hasRecord(addr)) {
            c.recordMiss(PhysicalAccess.of(a, cpu, state, false));
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        if (caches == null) {
            return;
        }
        state.checkCpuCount(caches.length, machineEntry, machineOffset);
        out.key("cachesim_cpus").beginObject();
        for (int cpu = 0; cpu < caches.length; cpu++) {
            SetAssociativeCache c = caches[cpu] == null ? new SetAssociativeCache() : caches[cpu];
            PhysicalAccess[][] records = c.recordsBySet();
            int[] order = new int[SetAssociativeCache.SETS];
            for (int s = 0; s < order.length; s++) {
                order[s] = s;
            }
            LibstdcxxSort.sort(order, (x, y) -> c.misses(x) > c.misses(y));
            out.key("cpu" + cpu).beginArray();
            for (int s : order) {
                out.beginObject().key("misses").value(c.misses(s)).key("accesses").beginArray();
                for (PhysicalAccess r : records[s]) {
                    json.write(out, r);
                }
                out.endArray().endObject();
            }
            out.endArray();
        }
        out.endObject();
    }
}
