package org.mtrace.analyses.checkgc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongBooleanHashMap;
import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.format.GcView;
import org.mtrace.format.GcepochView;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.RecordingWindow;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.labels.OrderedLongMap;

/**
 * {@code --check-gc} (MSCAN.md §8.14): accesses, while recording (ascope or kernelscope), to
 * objects registered by gc entries, made by a thread that is not inside an RCU read-side epoch.
 *
 * <p>Objects are kept in an ordered index by base address; the query "greatest base below
 * {@code guest_addr + bytes}" is a floor query, so the access path allocates nothing until a
 * violation is recorded.
 */
public final class CheckGc implements Analysis {
    private final AccessJson json;
    private final RecordingWindow window = new RecordingWindow(2, 3);
    /** base → object; later gc entries at the same base replace earlier ones. */
    private final OrderedLongMap<GcObject> objects = new OrderedLongMap<>();
    /** thread id → inside an RCU epoch (gcepoch begin flag). */
    private final LongBooleanHashMap held = new LongBooleanHashMap();
    /** Violations by object name, names in byte order (Appendix A), lists in log order. */
    private final Map<String, List<Violation>> byName = new TreeMap<>();

    private record GcObject(long base, long nbytes, String name) {
    }

    private record Violation(PhysicalAccess access, long base, long nbytes) {
    }

    CheckGc(AccessJson json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "check-gc";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(RecordMode.ASCOPE, RecordMode.KERNELSCOPE).andEntries(EntryType.GC);
    }

    @Override
    public void subscribe(Handlers on) {
        on.access(this::onAccess).host((h, state) -> window.update(h)).gc(this::onGc).gcepoch(this::onGcepoch);
    }

    private void onAccess(AccessView a, TraceState state) {
        if (window.active() && objects.size() > 0) {
            access(a, state);
        }
    }

    private void onGc(GcView g, TraceState state) {
        objects.remove(g.base());
        objects.putIfAbsent(g.base(), new GcObject(g.base(), g.nbytes(), g.name()));
    }

    private void onGcepoch(GcepochView g, TraceState state) {
        held.put(state.tid(g.cpu()), g.begin());
    }

    private void access(AccessView a, TraceState state) {
        long addr = a.guestAddr();
        long limit = addr + a.bytes();
        if (limit == 0) {
            return; // no base is below 0 (unsigned)
        }
        int node = objects.floorNode(limit - 1); // greatest base < limit
        if (node < 0) {
            return;
        }
        GcObject o = objects.value(node);
        if (Long.compareUnsigned(addr, o.base + o.nbytes) >= 0 || held.get(state.tid(a.cpu()))) {
            return;
        }
        byName.computeIfAbsent(o.name, n -> new ArrayList<>())
                .add(new Violation(PhysicalAccess.of(a, a.cpu(), state, true), o.base, o.nbytes));
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("checkgc").beginObject();
        for (Map.Entry<String, List<Violation>> en : byName.entrySet()) {
            out.key(en.getKey()).beginArray();
            for (Violation v : en.getValue()) {
                out.beginObject().key("access");
                json.write(out, v.access);
                out.key("object_base").unsignedValue(v.base)
                        .key("object_bytes").unsignedValue(v.nbytes)
                        .endObject();
            }
            out.endArray();
        }
        out.endObject();
    }
}
