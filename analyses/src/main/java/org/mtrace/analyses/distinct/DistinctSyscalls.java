package org.mtrace.analyses.distinct;

import java.util.Set;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --distinct-sys} (MSCAN.md §8.1): per system-call entry function, the average number of
 * distinct cache lines that moved between CPUs (traffic accesses) per call. State is keyed by
 * thread id, as in the original. Fcall and access entries are ignored while recording is off.
 *
 * <p>Difference: a {@code done_value} fcall ends the call like {@code done} (the original dies).
 */
public final class DistinctSyscalls implements Analysis {
    private final Attribution attribution;
    private final long[] currentTid = new long[TraceState.CPU_SLOTS];
    private final LongLongHashMap entryPc = new LongLongHashMap();
    /**
     * Lines of the open call of each thread. A thread's set stays in the map after its call ends
     * (cleared, keeping its capacity): no allocation or rehash per system call, and the per-CPU
     * cache below can never point at a set that left the map. Empty = no open call with lines.
     */
    private final LongObjectHashMap<LongHashSet> linesByTid = new LongObjectHashMap<>();
    /** Per CPU: the set of {@code cachedTid[cpu]}, so repeated accesses skip the map lookup. */
    private final LongHashSet[] cachedLines = new LongHashSet[TraceState.CPU_SLOTS];
    private final long[] cachedTid = new long[TraceState.CPU_SLOTS];
    /** stats[pc] = {distinct, calls}. */
    private final LongObjectHashMap<long[]> stats = new LongObjectHashMap<>();
    private boolean closed;

    DistinctSyscalls(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "distinct-sys";
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.FCALL, EntryType.ACCESS);
    }

    @Override
    public void onEntry(Entry e, TraceState state) {
        if (!state.recordingEnabled()) {
            return;
        }
        int cpu = e.cpu();
        if (e.typeCode() == EntryType.ACCESS.code()) {
            AccessView a = e.asAccess();
            if (a.traffic()) {
                long tid = currentTid[cpu];
                LongHashSet lines = cachedLines[cpu];
                if (lines == null || cachedTid[cpu] != tid) {
                    lines = linesByTid.getIfAbsentPut(tid, LongHashSet::new);
                    cachedLines[cpu] = lines;
                    cachedTid[cpu] = tid;
                }
                lines.add(a.guestAddr() & ~63L);
            }
            return;
        }
        FcallView f = e.asFcall();
        long s = f.state();
        if (s == FcallState.START.code()) {
            currentTid[cpu] = f.tid();
            entryPc.put(f.tid(), f.pc());
        } else if (s == FcallState.RESUME.code()) {
            currentTid[cpu] = f.tid();
        } else if (s == FcallState.PAUSE.code()) {
            currentTid[cpu] = 0;
        } else { // done, done_value (other states were rejected by the engine's fcall tracker)
            close(currentTid[cpu]);
            currentTid[cpu] = 0;
        }
    }

    private void close(long tid) {
        LongHashSet lines = linesByTid.get(tid);
        long n = lines == null ? 0 : lines.size();
        if (lines != null) {
            lines.clear();
        }
        long pc = entryPc.removeKeyIfAbsent(tid, 0);
        long[] st = stats.get(pc);
        if (st == null) {
            st = new long[2];
            stats.put(pc, st);
        }
        st[0] += n;
        st[1]++;
    }

    /** End of log: closes the threads that still hold lines, smallest tid first (once). */
    void closeRemaining() {
        if (closed) {
            return;
        }
        closed = true;
        for (long tid : Unsigned.sortedKeys(linesByTid)) {
            if (!linesByTid.get(tid).isEmpty()) {
                close(tid);
            }
        }
    }

    /** Entry PCs with statistics, ascending (unsigned). */
    long[] pcs() {
        return Unsigned.sortedKeys(stats);
    }

    long distinct(long pc) {
        return stats.get(pc)[0];
    }

    long calls(long pc) {
        return stats.get(pc)[1];
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        closeRemaining();
        out.key("distinct-per-entry").beginArray();
        for (long pc : pcs()) {
            long distinct = distinct(pc);
            long calls = calls(pc);
            out.beginObject()
                    .key("entry").string(attribution.func(pc))
                    .key("calls").value(calls)
                    .key("distinct").value(distinct)
                    .key("ave").floatValue((float) distinct / (float) calls)
                    .endObject();
        }
        out.endArray();
    }
}
