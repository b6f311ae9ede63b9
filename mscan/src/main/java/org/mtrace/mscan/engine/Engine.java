package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.Problem;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;

/**
 * One streaming pass over a log driving any number of analyses (MSCAN.md §2). For each entry the
 * built-in trackers update {@link TraceState} first, then the analyses subscribed to the entry's
 * type run, in rank order. Dispatch is an array indexed by type code; unknown codes (delivered only
 * when the reader skips unknown types) are skipped.
 *
 * <p>Every fault message starts with the position it refers to ({@link LogFormatException#location}):
 * the entry being dispatched, or the end of the log for a failure while writing the results. When
 * the heap runs out, the pass stops at that entry ({@link OutOfMemory}); the analysis holding the
 * most state ({@link Analysis#stateBytes()}; else the one that was running) is dropped so that its
 * state can be collected, and the others write what they have.
 */
public final class Engine {
    private static final int PROGRESS_EVERY = 1 << 20;

    private final TraceState state;
    private final DefaultHandlers defaults;
    private final List<Analysis> analyses;
    /** subscribers[typeCode] = analyses that declared that type, in rank order. */
    private final Analysis[][] subscribers = new Analysis[EntryType.CODE_LIMIT][];
    private final List<String> failures = new ArrayList<>();
    private final boolean[] failed;
    /** First in the subscriber list of each type until an entry of that type shows up. */
    private final Analysis sighting = new Sighting();
    /** Where the pass ended (the end of the log, or the entry it stopped at), for failures while finishing. */
    private String endLocation = "";

    Engine(KernelInfo kernel, Attribution attribution, List<Analysis> analyses, Diagnostics diagnostics) {
        this.state = new TraceState(attribution, diagnostics);
        this.defaults = new DefaultHandlers(state);
        this.analyses = new ArrayList<>(analyses);
        this.failed = new boolean[analyses.size()];
        state.labels().loadStatics(kernel.objectSymbols(), kernel.perCpuRange(), kernel.originalPerCpuRange());
        KernelLayout layout = attribution.layout();
        if (layout.pageStructSize() > 0) { // struct page known: the vmemmap is an array of them
            state.labels().addTypedArray(KernelLayout.PAGE_TYPE, layout.vmemmapBase(),
                    layout.vmemmapEnd() - layout.vmemmapBase(), layout.pageStructSize());
        }
        rebuildDispatch();
    }

    public TraceState state() {
        return state;
    }

    /** The analyses of the pass in rank order (one dropped for lack of memory is replaced by a placeholder). */
    public List<Analysis> analyses() {
        return java.util.Collections.unmodifiableList(analyses);
    }

    /**
     * Reads the whole log (or its valid prefix) and feeds every entry through trackers and
     * analyses. Never throws for bad input: faults are returned in the result.
     */
    /**
     * Held during the pass and let go when the heap runs out, so that the handler can name the culprit
     * and the analyses can still write their results when what filled the heap cannot be let go (the
     * trackers' labels and call stacks).
     */
    private byte[] reserve = new byte[RESERVE_BYTES];
    private static final int RESERVE_BYTES = 2 << 20;

    public PassResult run(LogReader reader, ProgressListener progress) {
        LogFormatException logFault = null;
        String traceFault = null;
        final Analysis[][] subs = subscribers;
        final boolean[] tracked = DefaultHandlers.HANDLES;
        final int accessCode = EntryType.ACCESS.code();
        long nextProgress = PROGRESS_EVERY;
        Analysis running = null; // the analysis in onEntry, for an OutOfMemoryError
        try {
            while (reader.next()) {
                Entry e = reader.entry();
                int code = e.typeCode();
                if (code <= 0 || code >= EntryType.CODE_LIMIT) {
                    continue; // §2: undefined types are ignored
                }
                state.entryIndex = e.index();
                if (code == accessCode && e.cpu() > state.highestAccessCpu) {
                    state.highestAccessCpu = e.cpu();
                    state.highestCpuEntry = e.index();
                    state.highestCpuOffset = e.streamOffset();
                }
                if (tracked[code]) {
                    defaults.update(e, code);
                }
                Analysis[] list = subs[code];
                for (int i = 0; i < list.length; i++) {
                    running = list[i];
                    try {
                        list[i].onEntry(e, state);
                    } catch (RuntimeException x) { // AnalysisException, or a bug: only this analysis stops
                        fail(list[i], x, reader);
                    }
                }
                running = null;
                if (e.index() >= nextProgress) {
                    nextProgress += PROGRESS_EVERY;
                    progress.progress(reader);
                }
            }
            endLocation = LogFormatException.location(reader.name(), reader.entriesRead(), reader.bytesRead())
                    + " (end of the log)";
        } catch (LogFormatException x) {
            if (OutOfMemory.causedBy(x)) {
                traceFault = outOfMemory("reading the log", reader);
            } else {
                logFault = x;
            }
            endLocation = LogFormatException.location(reader.name(), x.entryIndex(), x.offset());
        } catch (TraceFault x) {
            traceFault = here(reader) + ": " + x.getMessage();
            endLocation = here(reader);
        } catch (OutOfMemoryError x) {
            reserve = null; // room for the message and for writing what the other analyses have
            // Free first: with the heap full, even the message's few strings may not fit, and an
            // error thrown here would escape the pass and lose every other analysis's result.
            String culprit = dropWithoutAllocating(largest(running));
            running = null;
            rebuildDispatch();
            traceFault = outOfMemory(culprit == null ? "mscan's trackers (labels, call stacks)" : culprit, reader);
            endLocation = here(reader);
        } catch (RuntimeException x) {
            // the reader failed in an unforeseen way on hostile input: still one clear message
            logFault = new LogFormatException(reader.name(), reader.bytesRead(), reader.entriesRead(),
                    Problem.IO_ERROR, "cannot read the log any further (" + x + ")");
            endLocation = LogFormatException.location(reader.name(), reader.entriesRead(), reader.bytesRead());
        }
        progress.done(reader);
        return new PassResult(reader.entriesRead(), logFault, traceFault, List.copyOf(failures));
    }

    /** The position of the entry being dispatched. */
    private static String here(LogReader reader) {
        Entry e = reader.entry();
        return LogFormatException.location(reader.name(), e.index(), e.streamOffset());
    }

    private String outOfMemory(String where, LogReader reader) {
        return OutOfMemory.message(here(reader), where, reader.entriesRead());
    }

    /** The live analysis with the largest {@link Analysis#stateBytes()}, or {@code running} if none reports any. */
    private Analysis largest(Analysis running) {
        Analysis best = running;
        long most = 0;
        for (int i = 0; i < analyses.size(); i++) {
            long b = failed[i] ? 0 : analyses.get(i).stateBytes();
            if (b > most) {
                most = b;
                best = analyses.get(i);
            }
        }
        return best;
    }

    /**
     * Forgets an analysis for good without allocating (so the garbage collector can take its state
     * when the heap is full): it is replaced in place in the analysis list and in every dispatch
     * array. Returns its name, or null for no analysis.
     */
    private String dropWithoutAllocating(Analysis a) {
        if (a == null) {
            return null;
        }
        String name = a.name();
        int i = analyses.indexOf(a);
        failed[i] = true;
        analyses.set(i, DROPPED);
        for (Analysis[] list : subscribers) {
            for (int j = 0; j < list.length; j++) {
                if (list[j] == a) {
                    list[j] = DROPPED;
                }
            }
        }
        return name;
    }

    /**
     * Requirements of the analyses (those that did not fail) that the log turned out not to meet,
     * one line each ({@link Requirements}); call after {@link #run}.
     */
    public List<String> unmetRequirements() {
        List<Analysis> live = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            if (!failed[i]) {
                live.add(analyses.get(i));
            }
        }
        return RequirementCheck.afterPass(live, state);
    }

    /**
     * Writes the JSON document: one top-level object with each analysis' key(s) in rank order.
     * Analyses that failed while reading are left out; one that fails in finish is reported.
     *
     * @return failure messages of the analyses that failed at the end
     */
    public List<String> finish(JsonWriter out) {
        List<String> endFailures = new ArrayList<>();
        java.util.Arrays.fill(subscribers, new Analysis[0]); // no more entries: only analyses.get(i) holds an analysis
        out.beginObject();
        for (int i = 0; i < analyses.size(); i++) {
            if (failed[i]) {
                continue;
            }
            String name = analyses.get(i).name();
            int level = out.depth();
            try {
                analyses.get(i).finish(state, out);
            } catch (RuntimeException x) {
                out.unwindTo(level); // keeps the document well formed if it failed half-way
                endFailures.add(endLocation + ": " + name + ": "
                        + (x instanceof AnalysisException ? x.getMessage() : "internal error: " + x));
            } catch (OutOfMemoryError x) {
                reserve = null;
                analyses.set(i, DROPPED); // let its state go before the message and the next one's results
                out.unwindTo(level);
                endFailures.add(OutOfMemory.message(endLocation, name + " (writing its results)", state.entryIndex + 1));
            }
        }
        out.endObject();
        out.finishDocument();
        return endFailures;
    }

    private void fail(Analysis a, RuntimeException x, LogReader reader) {
        int i = analyses.indexOf(a);
        failed[i] = true;
        String why = x instanceof AnalysisException ? x.getMessage() : "internal error: " + x;
        failures.add(here(reader) + ": " + a.name() + ": " + why);
        rebuildDispatch();
    }

    /** Stands in for an analysis dropped for lack of memory: it keeps its slot but holds nothing. */
    private static final Analysis DROPPED = new Analysis() {
        @Override
        public String name() {
            return "(dropped)";
        }

        @Override
        public void finish(TraceState state, JsonWriter out) {
        }
    };

    private void rebuildDispatch() {
        for (int code = 0; code < EntryType.CODE_LIMIT; code++) {
            EntryType t = EntryType.ofCode(code);
            List<Analysis> list = new ArrayList<>();
            if (t != null && !state.logHas(t)) {
                list.add(sighting);
            }
            for (int i = 0; i < analyses.size(); i++) {
                if (!failed[i] && t != null && analyses.get(i).entryTypes().contains(t)) {
                    list.add(analyses.get(i));
                }
            }
            subscribers[code] = list.toArray(new Analysis[0]);
        }
    }

    /**
     * Notes which entry types the log holds, for {@link Requirements}: it unsubscribes from a type
     * at its first entry, so after that the type's dispatch is what it would be without it (no
     * per-entry cost; a counter in the loop would cost every entry).
     */
    private final class Sighting implements Analysis {
        @Override
        public String name() {
            return "(entry types)";
        }

        @Override
        public void onEntry(Entry e, TraceState s) {
            s.typesSeen |= 1 << e.typeCode();
            rebuildDispatch();
        }

        @Override
        public void finish(TraceState s, JsonWriter out) {
        }
    }

    @Override
    public String toString() {
        return "Engine" + Arrays.toString(analyses.stream().map(Analysis::name).toArray());
    }
}
