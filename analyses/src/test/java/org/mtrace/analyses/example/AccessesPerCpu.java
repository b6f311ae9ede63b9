package org.mtrace.analyses.example;

import org.mtrace.format.AccessView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * The worked example of docs/architecture.md ("How to add an analysis"): how many accesses each
 * CPU made while recording was enabled. Registered only on the test class path, where
 * {@code ExampleAnalysisTest} runs it through the real command line.
 */
public final class AccessesPerCpu implements Analysis {
    private final long[] counts = new long[TraceState.CPU_SLOTS];
    private int maxCpu = -1;

    @Override
    public String name() {
        return "accesses-per-cpu";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(); // enabled in any mode: otherwise mscan says why the list is empty
    }

    @Override
    public void subscribe(Handlers on) {
        on.recordedAccess(this::onAccess); // access entries while recording; no other type reaches it
    }

    private void onAccess(AccessView a, TraceState state) { // hot path: no allocation
        counts[a.cpu()]++;
        maxCpu = Math.max(maxCpu, a.cpu());
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("accesses-per-cpu").beginArray();
        for (int cpu = 0; cpu <= maxCpu; cpu++) {
            out.unsignedValue(counts[cpu]);
        }
        out.endArray();
    }
}
