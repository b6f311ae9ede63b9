package org.mtrace.mscan.engine;

import java.util.Set;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.json.JsonWriter;

/**
 * One question asked of a log. The engine feeds it only the entry types it declares, after the
 * built-in trackers of {@link TraceState} have seen the entry, and at the end of the log asks it to
 * write its top-level key(s) into the shared JSON document.
 *
 * <p>Contract for speed: {@link #onEntry} runs for up to hundreds of millions of entries; it reads
 * fields straight from the entry's views and must not allocate per access entry.
 *
 * <p>Contract for failures: a fatal condition of the original ("die") is reported by throwing
 * {@link AnalysisException}. Thrown from {@code onEntry}, the analysis stops receiving entries and
 * prints nothing; thrown from {@code finish}, it must happen before the first key is written
 * (validate first, then write), so the document stays well formed. Other analyses are unaffected.
 */
public interface Analysis {

    /** Command name as used on the command line, e.g. {@code "false-sharing"}. */
    String name();

    /**
     * Entry types this analysis wants to see; others are never dispatched to it. Default: none
     * (analyses that only read {@link TraceState} or another analysis' results at the end).
     */
    default Set<EntryType> entryTypes() {
        return Set.of();
    }

    /**
     * What this analysis needs from the log and the run (record modes, entry types, a kernel
     * image); unmet ones are reported as one line each instead of an unexplained empty result.
     * Default: nothing.
     */
    default Requirements requirements() {
        return Requirements.NONE;
    }

    /**
     * A rough size in bytes of the state this analysis has built from the log (its tables, not
     * what every analysis allocates up front). When the heap runs out the engine drops the
     * analysis with the largest estimate, not merely the one that happened to be running.
     * Default 0: state that does not grow with the log.
     */
    default long stateBytes() {
        return 0;
    }

    /** Called for every entry of a subscribed type, in log order, after the trackers updated. */
    default void onEntry(Entry entry, TraceState state) {
    }

    /**
     * Called once after the last entry (also after a log fault: then over the valid prefix).
     * Writes this analysis' top-level key(s) with {@link JsonWriter#key(String)} and a value.
     */
    void finish(TraceState state, JsonWriter out);
}
