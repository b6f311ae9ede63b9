package org.mtrace.analyses.scopes;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallView;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.labels.Labels;

/**
 * The handler shared by {@code --abstract-scopes} and {@code --unexpected-sharing} (MSCAN.md
 * §8.7). It collects the abstract scopes (logical operations) of every call stack with the
 * abstract variables they declared and the memory they touched, and at the end compares every
 * pair of scopes that ran on disjoint CPUs: operations that share no abstract variable commute,
 * so physical sharing between them is unexpected.
 *
 * <p>Each scope keeps one mutable record per address (no allocation for repeated accesses), and
 * reuses the labelled object while the label maps are unchanged.
 *
 * <p>Differences: CPU sets are exact for any CPU number (the original's masks were right only for
 * CPUs 0..30); {@code done_value} fcalls end a stack (fatal in the original); an ascope exit
 * without an open scope is ignored (undefined in the original); entries recorded in a mode other
 * than ascope are left out with one warning (the original died at the first): a log without any
 * ascope phase is reported before any result is trusted by the declared {@link #requirements()}.
 */
public final class AbstractSharing implements Analysis {
    static final int MAX_MATCHES_PER_PAIR = 25;

    private final Diagnostics diagnostics;
    private final ScopeComparison.Method comparison;
    private final List<ClosedScope> collected = new ArrayList<>();
    private final CallStackScopes stacks;
    private boolean abstractScopes;
    private boolean unexpectedSharing;
    private boolean warnedMode;

    AbstractSharing(Diagnostics diagnostics, ScopeComparison.Method comparison) {
        this.diagnostics = diagnostics;
        this.comparison = comparison;
        this.stacks = new CallStackScopes(diagnostics, this::closed);
    }

    /** The one handler of a pass, shared by abstract-scopes and unexpected-sharing. */
    static AbstractSharing of(AnalysisSetup setup) {
        return of(setup, ScopeComparison.Method.INDEXED);
    }

    /** The same, comparing scopes with the given method (tests compare the two). */
    static AbstractSharing of(AnalysisSetup setup, ScopeComparison.Method comparison) {
        return setup.shared(AbstractSharing.class, () -> new AbstractSharing(setup.diagnostics(), comparison));
    }

    AbstractSharing enableAbstractScopes() {
        abstractScopes = true;
        return this;
    }

    AbstractSharing enableUnexpectedSharing() {
        unexpectedSharing = true;
        return this;
    }

    @Override
    public String name() {
        return abstractScopes && unexpectedSharing ? "abstract-scopes/unexpected-sharing"
                : abstractScopes ? "abstract-scopes" : "unexpected-sharing";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(RecordMode.ASCOPE).andEntries(EntryType.ASCOPE);
    }

    @Override
    public void subscribe(Handlers on) {
        on.fcall(this::onFcall).ascope(this::onAscope).avar(this::onAvar).recordedAccess(this::onAccess);
    }

    private void onFcall(FcallView f, TraceState state) {
        stacks.fcall(f.cpu(), f.state(), f.tag(), state.recordingEnabled());
    }

    /**
     * The scope stack an ascope, avar or access entry of {@code cpu} goes to, or null: none while
     * recording is disabled, nor in a mode other than ascope (whose accesses are filtered
     * differently, so scopes would miss some), nor on a CPU without a current call stack.
     */
    private ScopeStack stackFor(int cpu, TraceState state) {
        if (!state.recordingEnabled()) {
            return null;
        }
        if (state.recordMode() != RecordMode.ASCOPE.code()) {
            if (!warnedMode) {
                warnedMode = true;
                RecordMode mode = RecordMode.ofCode(state.recordMode());
                diagnostics.warn(name() + ": entries recorded in " + (mode == null ? "mode " + state.recordMode()
                        : mode.spelling() + " mode") + " are left out: abstract scopes need ascope mode");
            }
            return null;
        }
        return stacks.current(cpu);
    }

    private void onAccess(AccessView a, TraceState state) {
        int cpu = a.cpu();
        ScopeStack stack = stackFor(cpu, state);
        if (stack != null && stack.hasOpenScopes()) {
            access(stack, a, cpu, state);
        }
    }

    private void onAscope(AscopeView s, TraceState state) {
        int cpu = s.cpu();
        ScopeStack stack = stackFor(cpu, state);
        if (stack == null || !stack.active) {
            return;
        }
        if (s.exit()) {
            stack.exit(this::closed);
        } else {
            stack.enter(s.name(), cpu);
        }
    }

    private void onAvar(AvarView v, TraceState state) {
        ScopeStack stack = stackFor(v.cpu(), state);
        if (stack == null) {
            return;
        }
        Scope s = stack.innermost();
        if (s == null) {
            diagnostics.warn("avar without ascope: " + v.name());
            return;
        }
        s.avar(v.name(), v.write());
    }

    private void access(ScopeStack stack, AccessView a, int cpu, TraceState state) {
        long type = a.accessType();
        boolean write = type == AccessType.ST.code() || type == AccessType.IW.code();
        if (!write && type != AccessType.LD.code()) {
            throw new AnalysisException("AbstractSharing::CallStack::handle: unknown access type"); // the original's die
        }
        long addr = a.guestAddr();
        for (Scope s : stack.openScopes()) {
            ScopeAccess rec = s.accesses.get(addr);
            if (rec == null) {
                s.accesses.put(addr, fill(new ScopeAccess(), a, write, cpu, state));
            } else if (!rec.write) { // a first store replaces the read; a later load replaces a load
                fill(rec, a, write, cpu, state);
            }
            s.cpus.add(cpu);
        }
    }

    private static ScopeAccess fill(ScopeAccess r, AccessView a, boolean write, int cpu, TraceState state) {
        Labels labels = state.labels();
        if (r.labelGeneration != labels.generation()) {
            int o = labels.labelAt(a.guestAddr());
            r.typeName = o == Labels.NO_LABEL ? "" : labels.labelName(o);
            r.base = o == Labels.NO_LABEL ? 0 : labels.labelStart(o);
            r.labelGeneration = labels.generation();
        }
        r.pc = a.pc();
        r.size = a.bytes();
        r.write = write;
        r.stack = state.calls().current(cpu);
        return r;
    }

    private void closed(Scope s) {
        if (s.hasAbstractAccesses()) {
            collected.add(new ClosedScope(s));
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        stacks.flush();
        ScopeComparison cmp = unexpectedSharing ? ScopeComparison.compare(collected, diagnostics, comparison) : null;
        out.key("scope-summary").beginObject().key("total scopes").value(collected.size());
        if (cmp != null) {
            cmp.writeSummary(out);
        }
        out.endObject();
        if (abstractScopes) {
            writeAbstractScopes(out);
        }
        if (cmp != null) {
            cmp.writeUnexpected(out, state.attribution());
        }
    }

    private void writeAbstractScopes(JsonWriter out) {
        out.key("abstract-scopes").beginArray();
        for (ClosedScope s : collected) {
            out.beginObject().key("name").string(s.name).key("aread").beginArray();
            for (String v : s.aread) {
                out.string(v);
            }
            out.endArray().key("awrite").beginArray();
            for (String v : s.awrite) {
                out.string(v);
            }
            out.endArray().endObject();
        }
        out.endArray();
    }
}
