package org.mtrace.analyses.stacktrace;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --stack-trace-pc=PC} (MSCAN.md §8.4): the call stack of every access (recording or not)
 * made by one of the given instructions, in log order. Needs call tracing in the log.
 */
public final class StackTracePc implements Analysis {
    private final LongHashSet pcs;
    private final AccessJson json;
    private final List<StackSnapshot> stacks = new ArrayList<>();
    private final List<Long> filterPcs = new ArrayList<>();

    StackTracePc(LongHashSet pcs, AccessJson json) {
        this.pcs = pcs;
        this.json = json;
    }

    @Override
    public String name() {
        return "stack-trace-pc";
    }

    @Override
    public Requirements requirements() {
        // the frames come from call entries inside the fcall stacks: without them every stack is empty
        return Requirements.NONE.andEntries(EntryType.FCALL, EntryType.CALL)
                .withHint("record with mtrace-record --calls (every mtrace-ctl on then traces calls)");
    }

    @Override
    public void subscribe(Handlers on) {
        on.access(this::onAccess);
    }

    private void onAccess(AccessView a, TraceState state) {
        long pc = a.pc();
        if (!pcs.contains(pc)) {
            return;
        }
        StackSnapshot s = state.calls().current(a.cpu());
        if (s != null) {
            stacks.add(s);
            filterPcs.add(pc);
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("call-stacks").beginArray();
        for (int i = 0; i < stacks.size(); i++) {
            out.beginObject().key("call-stack");
            json.longStack(out, stacks.get(i));
            out.key("filter-pc").hex(filterPcs.get(i)).endObject();
        }
        out.endArray();
    }
}
