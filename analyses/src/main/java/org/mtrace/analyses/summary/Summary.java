package org.mtrace.analyses.summary;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --summary} (MSCAN.md §8.8): guest instructions executed on all CPUs between the first
 * enable and the final disable, from the global time stamps of the two host entries. Needs no
 * entries of its own: the engine's host tracker keeps "first" and "enable".
 */
public final class Summary implements Analysis {

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        if (state.firstMode() == 0 || state.recordingEnabled()) {
            throw new AnalysisException("total_instructions: still processing log?");
        }
        out.key("summary").beginObject()
                .key("total-instructions").unsignedValue(state.enableGlobalTs() - state.firstGlobalTs())
                .endObject();
    }
}
