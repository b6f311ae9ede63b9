package org.mtrace.analyses.scopes;

import java.util.function.Consumer;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.calls.CallTrace;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.TraceState;

/**
 * The per-call-stack tracker of MSCAN.md §5.2: one {@link ScopeStack} per fcall tag, the current
 * one per CPU, with the original's stricter consistency rules (fatal) and once-per-run warnings.
 *
 * <p>Difference: {@code done_value} ends a stack like {@code done} (the original died, so logs
 * with {@code done_value} could not be analysed).
 */
final class CallStackScopes {
    private final LongObjectHashMap<ScopeStack> byTag = new LongObjectHashMap<>();
    private final ScopeStack[] current = new ScopeStack[TraceState.CPU_SLOTS];
    private final Diagnostics diagnostics;
    private final Consumer<Scope> closed;
    private boolean warnedPause;
    private boolean warnedResume;

    CallStackScopes(Diagnostics diagnostics, Consumer<Scope> closed) {
        this.diagnostics = diagnostics;
        this.closed = closed;
    }

    void fcall(int cpu, long state, long tag, boolean recording) {
        String prefix = "PerCallStack::handle: ";
        if (state == FcallState.START.code()) {
            if (byTag.containsKey(tag)) {
                throw new AnalysisException(prefix + "cannot start call stack " + CallTrace.hexTag(tag) + "; already exists");
            }
            if (current[cpu] != null) {
                throw new AnalysisException(prefix + "cannot start call stack " + CallTrace.hexTag(tag) + "; cpu " + cpu
                        + " already has a call stack");
            }
            ScopeStack s = new ScopeStack(tag, recording);
            byTag.put(tag, s);
            current[cpu] = s;
        } else if (state == FcallState.PAUSE.code()) {
            if (current[cpu] == null && !warnedPause) {
                warnedPause = true;
                diagnostics.warn(prefix + "cannot pause call stack " + CallTrace.hexTag(tag) + "; cpu " + cpu
                        + " has no call stack");
            }
            current[cpu] = null;
        } else if (state == FcallState.RESUME.code()) {
            ScopeStack s = byTag.get(tag);
            if (s == null) {
                throw new AnalysisException(prefix + "cannot resume call stack " + CallTrace.hexTag(tag) + "; unknown tag");
            }
            if (current[cpu] != null && current[cpu] != s) {
                throw new AnalysisException(prefix + "cannot resume call stack " + CallTrace.hexTag(tag) + "; cpu " + cpu
                        + " already has a call stack");
            }
            if (current[cpu] == s && !warnedResume) {
                warnedResume = true;
                diagnostics.warn(prefix + "double resume of call stack " + CallTrace.hexTag(tag));
            }
            current[cpu] = s;
        } else if (state == FcallState.DONE.code() || state == FcallState.DONE_VALUE.code()) {
            ScopeStack s = current[cpu];
            if (s == null) {
                throw new AnalysisException(prefix + "cannot end call stack " + CallTrace.hexTag(tag) + "; cpu " + cpu
                        + " has no call stack");
            }
            s.destroy(closed);
            current[cpu] = null;
            byTag.remove(tag); // the entry's tag, as the original
        } else {
            throw new AnalysisException(prefix + "unknown fcall state " + state);
        }
    }

    /** The CPU's current scope stack, or null. */
    ScopeStack current(int cpu) {
        return current[cpu];
    }

    /** End of log: destroys the current stack of every CPU (paused stacks are left alone). */
    void flush() {
        for (int cpu = 0; cpu < current.length; cpu++) {
            if (current[cpu] != null) {
                current[cpu].destroy(closed);
                current[cpu] = null;
            }
        }
    }
}
