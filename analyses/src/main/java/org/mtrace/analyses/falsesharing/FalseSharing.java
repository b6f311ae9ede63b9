package org.mtrace.analyses.falsesharing;

import java.util.Set;
import java.util.TreeSet;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.LabelObject;
import org.mtrace.mscan.labels.ObjectList;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --false-sharing} (MSCAN.md §8.3): for each instruction that touches a cache line holding
 * more than one labelled object (while recording), the set of (name, alloc_pc) of those objects.
 *
 * <p>Speed: the objects on a line only change when a label is added or removed, so each PC
 * remembers the line and label-map generation it last looked at and skips the lookup when both
 * are unchanged (the common case: a PC hitting the same object again).
 */
public final class FalseSharing implements Analysis {
    private final Attribution attribution;
    private final LongObjectHashMap<PcState> byPc = new LongObjectHashMap<>();
    private final ObjectList onLine = new ObjectList();
    private final Instance probe = new Instance("", 0);

    /** Per PC: instances found (null until the PC hits a shared line) and the last line seen. */
    private static final class PcState {
        long line = -1;
        long generation = -1;
        TreeSet<Instance> instances;
    }

    FalseSharing(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "false-sharing";
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.ACCESS);
    }

    @Override
    public void onEntry(Entry e, TraceState state) {
        if (!state.recordingEnabled()) {
            return;
        }
        AccessView a = e.asAccess();
        long pc = a.pc();
        long line = a.guestAddr() & ~63L;
        LabelMaps labels = state.labels();
        PcState ps = byPc.get(pc);
        if (ps == null) {
            ps = new PcState();
            byPc.put(pc, ps);
        } else if (ps.line == line && ps.generation == labels.generation()) {
            return; // same line, same labels: nothing new can be found
        }
        ps.line = line;
        ps.generation = labels.generation();
        labels.objectsOnLine(line, onLine);
        if (onLine.size() < 2) {
            return;
        }
        if (ps.instances == null) {
            ps.instances = new TreeSet<>();
        }
        for (int i = 0; i < onLine.size(); i++) {
            LabelObject o = onLine.get(i);
            probe.name = o.name();
            probe.allocPc = o.allocPc();
            if (!ps.instances.contains(probe)) {
                ps.instances.add(new Instance(o.name(), o.allocPc()));
            }
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("false-sharing").beginArray();
        for (long pc : Unsigned.sortedKeys(byPc)) {
            TreeSet<Instance> instances = byPc.get(pc).instances;
            if (instances == null) {
                continue;
            }
            out.beginObject().key("pc").hex(pc).key("instances").beginArray();
            for (Instance in : instances) {
                out.beginObject()
                        .key("name").string(in.name)
                        .key("alloc-pc").hex(in.allocPc)
                        .key("alloc-info").string(attribution.describe(in.allocPc))
                        .endObject();
            }
            out.endArray().endObject();
        }
        out.endArray();
    }
}
