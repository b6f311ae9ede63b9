package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.Problem;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.KernelAttribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;

/**
 * One streaming pass over a log driving any number of analyses (MSCAN.md §2). For each entry the
 * built-in trackers update {@link TraceState} first, then the handlers the analyses registered for
 * the entry's type ({@link Analysis#subscribe}) run, in rank order, each with the entry's typed view
 * (taken once per entry). Dispatch is an array indexed by type code; unknown codes (delivered only
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
    /** subscribers[typeCode] = the handlers registered for that type, in rank order. */
    private final Slot[][] subscribers = new Slot[EntryType.CODE_LIMIT][];
    /** What each analysis registered ({@link Analysis#subscribe}), asked once. */
    private final List<List<Slot>> slotsOf = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final boolean[] failed;
    /** sightings[code]: first in the subscriber list of each type until an entry of that type shows up. */
    private final Slot[] sightings = new Slot[EntryType.CODE_LIMIT];
    /** Set when a tracker or an analysis threw what it never should ({@link #internalError()}). */
    private boolean internalError;
    /** Where the pass ended (the end of the log, or the entry it stopped at), for failures while finishing. */
    private String endLocation = "";

    Engine(KernelInfo kernel, KernelAttribution attribution, List<Analysis> analyses, Diagnostics diagnostics) {
        this.state = new TraceState(attribution, diagnostics);
        this.defaults = new DefaultHandlers(state);
        this.analyses = new ArrayList<>(analyses);
        this.failed = new boolean[analyses.size()];
        // before the statics: labels made before an array make it ask the maps first (LabelMaps.labelAt)
        KernelLayout layout = attribution.layout();
        if (layout.pageStructSize() > 0) { // struct page known: the vmemmap is an array of them
            state.labelMaps().addTypedArray(KernelLayout.PAGE_TYPE, layout.vmemmapBase(),
                    layout.vmemmapEnd() - layout.vmemmapBase(), layout.pageStructSize());
        }
        state.labelMaps().loadStatics(kernel.objectSymbols(), kernel.perCpuRange(), kernel.originalPerCpuRange());
        for (Analysis a : this.analyses) {
            Handlers on = new Handlers();
            a.subscribe(on);
            List<Slot> slots = new ArrayList<>();
            for (Handlers.Registration r : on.registrations()) {
                slots.add(new Slot(a, r.type().code(), r.handler(), r.whileRecording()));
            }
            slotsOf.add(slots);
        }
        for (EntryType t : EntryType.values()) {
            int code = t.code();
            sightings[code] = new Slot(null, code, (view, s) -> sighted(code), false);
        }
        rebuildDispatch();
    }

    /**
     * One handler in a dispatch array, created once: the analysis it belongs to (null for the
     * engine's own), the type code, and whether it runs only while recording is enabled. A slot
     * is dead once its analysis failed: later slots of that analysis in the array being walked
     * for the current entry are skipped (the arrays themselves are rebuilt without them).
     */
    private static final class Slot {
        final Analysis owner;
        final int code;
        final EntryHandler<Object> handler;
        final boolean whileRecording;
        boolean dead;

        Slot(Analysis owner, int code, EntryHandler<Object> handler, boolean whileRecording) {
            this.owner = owner;
            this.code = code;
            this.handler = handler;
            this.whileRecording = whileRecording;
        }
    }

    public TraceState state() {
        return state;
    }

    /** The analyses of the pass in rank order (one dropped for lack of memory is replaced by a placeholder). */
    public List<Analysis> analyses() {
        return java.util.Collections.unmodifiableList(analyses);
    }

    /**
     * Held during the pass and let go when the heap runs out, so that the handler can name the culprit
     * and the analyses can still write their results when what filled the heap cannot be let go (the
     * trackers' labels and call stacks).
     */
    private byte[] reserve = new byte[RESERVE_BYTES];
    /** The analysis whose handler is running, for an OutOfMemoryError. */
    private Analysis running;
    private static final int RESERVE_BYTES = 2 << 20;

    /**
     * Reads the whole log (or its valid prefix) and feeds every entry through trackers and
     * analyses. Never throws for bad input: faults are returned in the result.
     */
    public PassResult run(LogReader reader, ProgressListener progress) {
        LogFormatException logFault = null;
        String traceFault = null;
        String internalFault = null;
        final Slot[][] subs = subscribers;
        final boolean[] tracked = DefaultHandlers.HANDLES;
        final int accessCode = EntryType.ACCESS.code();
        long nextProgress = PROGRESS_EVERY;
        OutOfMemory.passBegins();
        try {
            while (reader.next()) {
                Entry e = reader.entry();
                int code = e.typeCode();
                if (code <= 0 || code >= EntryType.CODE_LIMIT) {
                    continue; // §2: undefined types are ignored
                }
                state.entryIndex = e.index();
                if (code == accessCode) {
                    if (e.cpu() > state.highestAccessCpu) {
                        state.highestAccessCpu = e.cpu();
                        state.highestCpuEntry = e.index();
                        state.highestCpuOffset = e.streamOffset();
                    }
                    if (state.fullTraceEvidence.open()) { // the log's first accesses only
                        AccessView a = e.asAccess();
                        state.fullTraceEvidence.access(state.enableMode, a.hostAddr(), a.bytes(), e.cpu(),
                                a.accessType() != 1);
                    }
                }
                if (tracked[code]) {
                    track(e, code);
                }
                Slot[] list = subs[code];
                if (list.length != 0) {
                    if (code == accessCode) {
                        deliverAccess(list, e.asAccess(), reader);
                    } else {
                        deliver(list, Handlers.view(e, code), reader);
                    }
                }
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
        } catch (TrackerBug x) {
            internalFault = here(reader) + ": mscan's trackers: " + Cli.internal(x.getCause());
            internalError = true;
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
            // (trackers and analyses catch their own, so only the reader's gets here)
            logFault = new LogFormatException(reader.name(), reader.bytesRead(), reader.entriesRead(),
                    Problem.IO_ERROR, "cannot read the log any further (" + x + ")");
            endLocation = LogFormatException.location(reader.name(), reader.entriesRead(), reader.bytesRead());
        }
        progress.done(reader);
        return new PassResult(reader.entriesRead(), logFault, traceFault, internalFault, List.copyOf(failures));
    }

    /**
     * The built-in trackers on one entry. Their fatal conditions ({@link TraceFault}) are faults of
     * the log; anything else they throw is a bug of mscan, told apart here so that it is not
     * reported as a fault of the log (as the reader's own exceptions are).
     */
    private void track(Entry e, int code) {
        try {
            defaults.update(e, code);
        } catch (TraceFault x) {
            throw x;
        } catch (RuntimeException x) {
            throw new TrackerBug(x);
        }
    }

    /** A tracker's unforeseen exception on its way out of the loop ({@link #track}). */
    private static final class TrackerBug extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrackerBug(RuntimeException cause) {
            super(cause);
        }
    }

    /** The type whose first entry this is: noted, and its sighting slot leaves the dispatch. */
    private void sighted(int code) {
        state.typesSeen |= 1 << code;
        rebuildDispatch();
    }

    /**
     * Calls the handlers of one entry of a type other than access with its view. An exception
     * stops only the analysis that threw it.
     */
    private void deliver(Slot[] list, Object view, LogReader reader) {
        boolean recording = state.recordingEnabled();
        for (int i = 0; i < list.length; i++) {
            Slot s = list[i];
            if (s.dead || s.whileRecording && !recording) {
                continue;
            }
            running = s.owner;
            try {
                s.handler.on(view, state);
            } catch (RuntimeException x) { // AnalysisException, or a bug: only this analysis stops
                fail(s.owner, x, reader);
            }
        }
        running = null;
    }

    /**
     * {@link #deliver} for access entries, nearly all of a log. A copy on purpose: the JIT profiles
     * the handler call per method, and one call site shared with the other types' handlers sees
     * too many handler classes to inline any (all-sharing alone: its host and access handlers and
     * the sighting); here it sees the access handlers only.
     */
    private void deliverAccess(Slot[] list, Object view, LogReader reader) {
        boolean recording = state.recordingEnabled();
        for (int i = 0; i < list.length; i++) {
            Slot s = list[i];
            if (s.dead || s.whileRecording && !recording) {
                continue;
            }
            running = s.owner;
            try {
                s.handler.on(view, state);
            } catch (RuntimeException x) {
                fail(s.owner, x, reader);
            }
        }
        running = null;
    }

    /** Whether {@code a} (an analysis of this engine) failed or was dropped during the pass. */
    boolean hasFailed(Analysis a) {
        int i = analyses.indexOf(a);
        return i < 0 || failed[i];
    }

    /**
     * After the pass: leaves {@code a} out of the results, as if it had failed (its partner in a
     * {@link SplitPass} did, so its own result would be incomplete); the caller reports why.
     */
    void markFailed(Analysis a) {
        int i = analyses.indexOf(a);
        if (i >= 0) {
            failed[i] = true;
        }
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
        slotsOf.set(i, List.of()); // its handlers hold it
        for (Slot[] list : subscribers) {
            for (int j = 0; j < list.length; j++) {
                if (list[j].owner == a) {
                    list[j] = DROPPED_SLOT;
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
        java.util.Arrays.fill(subscribers, new Slot[0]); // no more entries: only analyses.get(i) holds an analysis
        slotsOf.clear();
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
                endFailures.add(endLocation + ": " + name + ": " + why(x));
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
        for (Slot s : slotsOf.get(i)) {
            s.dead = true;
        }
        failures.add(here(reader) + ": " + a.name() + ": " + why(x));
        rebuildDispatch();
    }

    /**
     * An analysis's failure: its own {@link AnalysisException} says what the log lacks or holds; anything
     * else is a bug of the analysis, reported as the CLI toolkit reports one ({@link Cli#internal}) and
     * noted for {@link #internalError()}.
     */
    private String why(RuntimeException x) {
        if (x instanceof AnalysisException) {
            return x.getMessage();
        }
        internalError = true;
        return Cli.internal(x);
    }

    /**
     * Whether mscan itself failed in this pass, in {@link #run} or {@link #finish}: a tracker or an
     * analysis threw an exception no log should cause. The command line exits 70 then (the
     * toolkit's internal error), 2 for faults of the log.
     */
    public boolean internalError() {
        return internalError;
    }

    /** Whether {@code a} is still in the pass (not dropped for lack of memory). */
    public boolean holds(Analysis a) {
        return analyses.contains(a);
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

    /** Stands in for a handler of an analysis dropped for lack of memory. */
    private static final Slot DROPPED_SLOT = new Slot(null, 0, (view, s) -> { }, false);

    /**
     * Fills the dispatch arrays: per type code, the sighting slot while the type has not been
     * seen, then the handlers of the analyses that have not failed, in rank order.
     */
    private void rebuildDispatch() {
        for (int code = 0; code < EntryType.CODE_LIMIT; code++) {
            EntryType t = EntryType.ofCode(code);
            List<Slot> list = new ArrayList<>();
            if (t != null && !state.logHas(t)) {
                list.add(sightings[code]);
            }
            for (int i = 0; i < analyses.size(); i++) {
                if (!failed[i]) {
                    for (Slot s : slotsOf.get(i)) {
                        if (s.code == code) {
                            list.add(s);
                        }
                    }
                }
            }
            subscribers[code] = list.toArray(new Slot[0]);
        }
    }

    @Override
    public String toString() {
        return "Engine" + Arrays.toString(analyses.stream().map(Analysis::name).toArray());
    }
}
