package org.mtrace.analyses.distinct;

import org.mtrace.mscan.lines.LineSize;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.util.LineSet;
import org.mtrace.mscan.util.LongMap;
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
    /**
     * The open call of each thread. A thread's entry stays in the map after its call ends (its
     * set cleared, keeping its capacity): no allocation or rehash per system call, and the
     * per-CPU cache below can never point at an entry that left the map.
     */
    private final LongMap<ThreadCall> byTid = new LongMap<>();
    /** Per CPU: the call of {@code cachedTid[cpu]}, so repeated accesses skip the map lookup. */
    private final ThreadCall[] cached = new ThreadCall[TraceState.CPU_SLOTS];
    private final long[] cachedTid = new long[TraceState.CPU_SLOTS];
    /** stats[pc] = {distinct, calls}. */
    private final LongObjectHashMap<long[]> stats = new LongObjectHashMap<>();
    private boolean closed;

    /** A thread's system call: entry PC (0 = none open) and the traffic lines it touched. */
    private static final class ThreadCall {
        long entryPc;
        final LineSet lines = new LineSet();
        /** Last line added: a run of accesses to one line costs one compare, not a hash probe. */
        long lastLine = 1; // no line has its low bits set
    }

    DistinctSyscalls(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "distinct-sys";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording().andEntries(EntryType.FCALL);
    }

    @Override
    public void subscribe(Handlers on) {
        on.fcall(this::onFcall).recordedAccess(this::onAccess);
    }

    private void onAccess(AccessView a, TraceState state) {
        if (a.traffic()) {
            int cpu = a.cpu();
            long line = LineSize.DEFAULT.lineOf(a.guestAddr());
            ThreadCall call = callOf(cpu, currentTid[cpu]);
            if (call.lastLine != line) {
                call.lastLine = line;
                call.lines.add(line);
            }
        }
    }

    /** Only while recording: the original's handler ignored fcalls while disabled. */
    private void onFcall(FcallView f, TraceState state) {
        if (!state.recordingEnabled()) {
            return;
        }
        int cpu = f.cpu();
        long s = f.state();
        if (s == FcallState.START.code()) {
            currentTid[cpu] = f.tid();
            callOf(cpu, f.tid()).entryPc = f.pc();
        } else if (s == FcallState.RESUME.code()) {
            currentTid[cpu] = f.tid();
        } else if (s == FcallState.PAUSE.code()) {
            currentTid[cpu] = 0;
        } else { // done, done_value (other states were rejected by the engine's fcall tracker)
            close(currentTid[cpu]);
            currentTid[cpu] = 0;
        }
    }

    /** The (possibly idle) call state of {@code tid}, through the CPU's one-entry cache. */
    private ThreadCall callOf(int cpu, long tid) {
        ThreadCall call = cached[cpu];
        if (call == null || cachedTid[cpu] != tid) {
            call = byTid.get(tid);
            if (call == null) {
                call = new ThreadCall();
                byTid.put(tid, call);
            }
            cached[cpu] = call;
            cachedTid[cpu] = tid;
        }
        return call;
    }

    private void close(long tid) {
        ThreadCall call = byTid.get(tid);
        long n = 0;
        long pc = 0;
        if (call != null) {
            n = call.lines.size();
            call.lines.clear();
            call.lastLine = 1;
            pc = call.entryPc;
            call.entryPc = 0;
        }
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
        for (long tid : Unsigned.sortedKeys(byTid)) {
            if (!byTid.get(tid).lines.isEmpty()) {
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
