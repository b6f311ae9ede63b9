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
 * type run, in rank order. Dispatch is an array indexed by type code; unknown codes are skipped.
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

    Engine(KernelInfo kernel, Attribution attribution, List<Analysis> analyses, Diagnostics diagnostics) {
        this.state = new TraceState(attribution, diagnostics);
        this.defaults = new DefaultHandlers(state);
        this.analyses = List.copyOf(analyses);
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

    public List<Analysis> analyses() {
        return analyses;
    }

    /**
     * Reads the whole log (or its valid prefix) and feeds every entry through trackers and
     * analyses. Never throws for bad input: faults are returned in the result.
     */
    public PassResult run(LogReader reader, ProgressListener progress) {
        LogFormatException logFault = null;
        String traceFault = null;
        final Analysis[][] subs = subscribers;
        final boolean[] tracked = DefaultHandlers.HANDLES;
        long nextProgress = PROGRESS_EVERY;
        try {
            while (reader.next()) {
                Entry e = reader.entry();
                int code = e.typeCode();
                if (code <= 0 || code >= EntryType.CODE_LIMIT) {
                    continue; // §2: undefined types are ignored
                }
                state.entryIndex = e.index();
                if (tracked[code]) {
                    defaults.update(e, code);
                }
                Analysis[] list = subs[code];
                for (int i = 0; i < list.length; i++) {
                    try {
                        list[i].onEntry(e, state);
                    } catch (RuntimeException x) { // AnalysisException, or a bug: only this analysis stops
                        fail(list[i], x, e.index());
                    }
                }
                if (e.index() >= nextProgress) {
                    nextProgress += PROGRESS_EVERY;
                    progress.progress(reader);
                }
            }
        } catch (LogFormatException x) {
            logFault = x;
        } catch (TraceFault x) {
            traceFault = reader.name() + ": entry " + state.entryIndex + ": " + x.getMessage();
        } catch (RuntimeException x) {
            // the reader failed in an unforeseen way on hostile input: still one clear message
            logFault = new LogFormatException(reader.name(), reader.bytesRead(), reader.entriesRead(),
                    Problem.IO_ERROR, "cannot read the log any further (" + x + ")");
        }
        progress.done(reader);
        return new PassResult(reader.entriesRead(), logFault, traceFault, List.copyOf(failures));
    }

    /**
     * Writes the JSON document: one top-level object with each analysis' key(s) in rank order.
     * Analyses that failed while reading are left out; one that fails in finish is reported.
     *
     * @return failure messages of the analyses that failed at the end
     */
    public List<String> finish(JsonWriter out) {
        List<String> endFailures = new ArrayList<>();
        out.beginObject();
        for (int i = 0; i < analyses.size(); i++) {
            if (failed[i]) {
                continue;
            }
            Analysis a = analyses.get(i);
            int level = out.depth();
            try {
                a.finish(state, out);
            } catch (RuntimeException x) {
                out.unwindTo(level); // keeps the document well formed if it failed half-way
                endFailures.add(a.name() + ": " + (x instanceof AnalysisException ? x.getMessage() : "internal error: " + x));
            }
        }
        out.endObject();
        out.finishDocument();
        return endFailures;
    }

    private void fail(Analysis a, RuntimeException x, long entryIndex) {
        int i = analyses.indexOf(a);
        failed[i] = true;
        String why = x instanceof AnalysisException ? x.getMessage() : "internal error: " + x;
        failures.add(a.name() + ": " + why + " (at entry " + entryIndex + ")");
        rebuildDispatch();
    }

    private void rebuildDispatch() {
        for (int code = 0; code < EntryType.CODE_LIMIT; code++) {
            EntryType t = EntryType.ofCode(code);
            List<Analysis> list = new ArrayList<>();
            for (int i = 0; i < analyses.size(); i++) {
                if (!failed[i] && t != null && analyses.get(i).entryTypes().contains(t)) {
                    list.add(analyses.get(i));
                }
            }
            subscribers[code] = list.toArray(new Analysis[0]);
        }
    }

    @Override
    public String toString() {
        return "Engine" + Arrays.toString(analyses.stream().map(Analysis::name).toArray());
    }
}
