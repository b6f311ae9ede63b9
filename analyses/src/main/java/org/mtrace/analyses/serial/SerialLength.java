package org.mtrace.analyses.serial;

import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.EntryType;
import org.mtrace.format.LockOp;
import org.mtrace.format.LockView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --serial-length} (MSCAN.md §8.15): the length, in per-CPU instructions, of every
 * lock-protected serial section, from the {@code acquired} to the {@code release} lock entry.
 *
 * <p>Documented fix: sections are keyed by (lock address, CPU) instead of the lock address alone,
 * so several readers of a read-write lock on different CPUs are measured instead of being fatal.
 * A release on a CPU that did not acquire the lock (the section migrated) cannot be measured with
 * per-CPU time stamps: it is dropped with a warning instead of reporting a meaningless total.
 */
public final class SerialLength implements Analysis {
    private static final int PC = 0;
    private static final int START = 1;
    private static final int CPU = 2;
    private static final int FIELDS = 3;

    private final Diagnostics diagnostics;
    /** lock address → held acquisitions, {pc, ts, cpu} triples (usually one). */
    private final LongObjectHashMap<LongArrayList> held = new LongObjectHashMap<>();
    /** Completed sections in release order: {acquired pc, lock, start, stop} per section. */
    private final LongArrayList sections = new LongArrayList();
    private long migrated;

    SerialLength(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @Override
    public String name() {
        return "serial-length";
    }

    @Override
    public Requirements requirements() {
        return Requirements.NONE.andEntries(EntryType.LOCK);
    }

    @Override
    public void subscribe(Handlers on) {
        on.lock(this::onLock);
    }

    private void onLock(LockView l, TraceState state) {
        long op = l.op();
        long lock = l.lock();
        int cpu = l.cpu();
        if (op == LockOp.ACQUIRED.code()) {
            LongArrayList h = held.get(lock);
            if (h == null) {
                h = new LongArrayList(FIELDS);
                held.put(lock, h);
            } else if (find(h, cpu) >= 0) {
                throw new AnalysisException("double mtrace_lockop_acquired (lock 0x" + Long.toHexString(lock)
                        + ", cpu " + cpu + ")");
            }
            h.add(l.pc());
            h.add(l.ts());
            h.add(cpu);
        } else if (op == LockOp.RELEASE.code()) {
            release(lock, cpu, l.ts());
        } else if (op != LockOp.ACQUIRE.code()) {
            throw new AnalysisException("handle: default (lock op " + op + ")");
        }
    }

    private void release(long lock, int cpu, long ts) {
        LongArrayList h = held.get(lock);
        if (h == null || h.isEmpty()) {
            throw new AnalysisException("mtrace_lockop_release (lock 0x" + Long.toHexString(lock) + " not held)");
        }
        int i = find(h, cpu);
        if (i < 0) {
            // acquired on another CPU: per-CPU ts cannot measure it; forget the oldest holder
            i = 0;
            if (migrated++ == 0) {
                diagnostics.warn("serial-length: lock 0x" + Long.toHexString(lock) + " released on cpu " + cpu
                        + " but acquired on cpu " + h.get(CPU) + "; such sections are left out");
            }
        } else {
            sections.add(h.get(i + PC));
            sections.add(lock);
            sections.add(h.get(i + START));
            sections.add(ts);
        }
        for (int k = 0; k < FIELDS; k++) {
            h.removeAtIndex(i);
        }
        if (h.isEmpty()) {
            held.remove(lock);
        }
    }

    private static int find(LongArrayList h, int cpu) {
        for (int i = 0; i < h.size(); i += FIELDS) {
            if (h.get(i + CPU) == cpu) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        if (migrated > 1) {
            diagnostics.warn("serial-length: " + migrated + " sections released on another cpu were left out");
        }
        out.key("sections").beginArray();
        for (int i = 0; i < sections.size(); i += 4) {
            long start = sections.get(i + 2);
            long stop = sections.get(i + 3);
            out.beginObject()
                    .key("pc").hex(sections.get(i))
                    .key("lock").hex(sections.get(i + 1))
                    .key("start").unsignedValue(start)
                    .key("stop").unsignedValue(stop)
                    .key("total").unsignedValue(stop - start)
                    .endObject();
        }
        out.endArray();
    }
}
