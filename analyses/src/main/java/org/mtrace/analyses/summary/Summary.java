package org.mtrace.analyses.summary;

import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --summary} (MSCAN.md §8.8): guest instructions executed on all CPUs between the first
 * enable and the final disable, from the global time stamps of the two host entries. Needs no
 * entries of its own: the engine's host tracker keeps "first" and "enable".
 *
 * <p>Difference: a log that holds accesses and a disable entry but no enable entry (recorders that
 * started recording at their own start without logging it) is counted from the start of the
 * recording, where the global instruction count is 0, with a warning saying so; the original died
 * {@code still processing log?}. A log with accesses but no host entry at all fails with a message
 * naming what it lacks.
 */
public final class Summary implements Analysis {
    private final Diagnostics diagnostics;

    Summary(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        long first = state.firstGlobalTs();
        if (state.firstMode() == 0 && !state.recordingEnabled() && !everEnabled(state) && state.logHas(EntryType.ACCESS)) {
            if (!state.hostSeen()) {
                throw new AnalysisException("total_instructions: the log holds accesses but no access_all_cpu host "
                        + "entry (neither enable nor disable), so the instructions recorded are unknown");
            }
            diagnostics.warn("summary: the log has no enable host entry (recording was on from the recorder's start); "
                    + "total-instructions counts from the start of the recording to the disable entry");
            first = 0;
        } else if (state.firstMode() == 0 || state.recordingEnabled()) {
            throw new AnalysisException("total_instructions: still processing log?");
        }
        out.key("summary").beginObject()
                .key("total-instructions").unsignedValue(state.enableGlobalTs() - first)
                .endObject();
    }

    private static boolean everEnabled(TraceState state) {
        return state.recordedIn(RecordMode.MOVEMENT) || state.recordedIn(RecordMode.ASCOPE)
                || state.recordedIn(RecordMode.KERNELSCOPE);
    }
}
