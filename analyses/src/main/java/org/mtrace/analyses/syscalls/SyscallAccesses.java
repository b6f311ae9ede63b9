package org.mtrace.analyses.syscalls;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --syscall-accesses} (MSCAN.md §8.5): every access made while recording, grouped by the
 * entry PC of the call stack running on the CPU (0 outside any), keys ordered by that PC and
 * written as its function name (repeated names are written repeatedly, as in the original).
 */
public final class SyscallAccesses implements Analysis {
    private final Attribution attribution;
    private final LongObjectHashMap<AccessColumns> byCallPc = new LongObjectHashMap<>();
    /** Last group used, to skip the hash lookup on runs of accesses in one call. */
    private long lastCallPc;
    private AccessColumns lastGroup;

    SyscallAccesses(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "syscall-accesses";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording().andEntries(EntryType.FCALL);
    }

    @Override
    public void subscribe(Handlers on) {
        on.recordedAccess(this::onAccess);
    }

    private void onAccess(AccessView a, TraceState state) {
        long callPc = state.callPc(a.cpu());
        AccessColumns group = lastGroup;
        if (group == null || callPc != lastCallPc) {
            group = byCallPc.get(callPc);
            if (group == null) {
                group = new AccessColumns();
                byCallPc.put(callPc, group);
            }
            lastGroup = group;
            lastCallPc = callPc;
        }
        byte flags = (byte) ((a.traffic() ? AccessColumns.TRAFFIC : 0) | (a.lock() ? AccessColumns.LOCK : 0)
                | (a.accessType() == AccessType.LD.code() ? AccessColumns.LOAD : 0));
        group.add(a.pc(), a.guestAddr(), flags);
    }

    /** Call PCs with accesses, ascending. */
    long[] callPcs() {
        return Unsigned.sortedKeys(byCallPc);
    }

    AccessColumns group(long callPc) {
        return byCallPc.get(callPc);
    }

    String keyOf(long callPc) {
        return attribution.func(callPc);
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("syscall-accesses").beginObject();
        for (long callPc : callPcs()) {
            AccessColumns g = byCallPc.get(callPc);
            out.key(keyOf(callPc)).beginArray();
            for (int i = 0; i < g.size(); i++) {
                byte f = g.flags.get(i);
                out.beginObject()
                        .key("pc").hex(g.pcs.get(i))
                        .key("guest_addr").hex(g.guestAddrs.get(i))
                        .key("traffic").value((f & AccessColumns.TRAFFIC) != 0 ? 1 : 0)
                        .key("lock").value((f & AccessColumns.LOCK) != 0 ? 1 : 0)
                        .key("access_type").string((f & AccessColumns.LOAD) != 0 ? "ld" : "st")
                        .endObject();
            }
            out.endArray();
        }
        out.endObject();
    }
}
