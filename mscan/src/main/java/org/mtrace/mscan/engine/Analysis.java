package org.mtrace.mscan.engine;

import org.mtrace.mscan.json.JsonWriter;

/**
 * One question asked of a log. Before the pass it registers a handler per entry type it wants
 * ({@link #subscribe}); the engine calls them, after the built-in trackers of {@link TraceState}
 * have seen the entry, and at the end of the log asks it to write its top-level key(s) into the
 * shared JSON document. Its {@link #requirements()} are checked by the engine, not by the
 * analysis: before the pass what needs no log (a kernel image), after it what only the log
 * reveals (record modes, entry types).
 *
 * <p>Contract for speed: the handlers run for up to hundreds of millions of entries; they read
 * fields straight from the entry's views and must not allocate per access entry.
 *
 * <p>Contract for failures: a fatal condition of the original ("die") is reported by throwing
 * {@link AnalysisException}. Thrown from a handler, the analysis stops receiving entries and
 * prints nothing; thrown from {@code finish}, it must happen before the first key is written
 * (validate first, then write), so the document stays well formed. Other analyses are unaffected.
 */
public interface Analysis {

    /** Command name as used on the command line, e.g. {@code "false-sharing"}. */
    String name();

    /**
     * Registers, once before the pass, a handler for each entry type this analysis wants to see
     * ({@code on.recordedAccess(this::onAccess).host(this::onHost)}); other types are never
     * dispatched to it. Default: none (analyses that only read {@link TraceState} or another
     * analysis' results at the end).
     */
    default void subscribe(Handlers on) {
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

    /**
     * Called once after the last entry (also after a log fault: then over the valid prefix).
     * Writes this analysis' top-level key(s) with {@link JsonWriter#key(String)} and a value.
     */
    void finish(TraceState state, JsonWriter out);
}
