package org.mtrace.analyses.example;

import java.util.Set;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
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
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.ACCESS); // the engine dispatches nothing else to onEntry
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(); // enabled in any mode: otherwise mscan says why the list is empty
    }

    @Override
    public void onEntry(Entry e, TraceState state) { // hot path: no allocation
        if (state.recordingEnabled()) {
            counts[e.cpu()]++;
            maxCpu = Math.max(maxCpu, e.cpu());
        }
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
