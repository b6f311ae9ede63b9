package org.mtrace.mscan.engine;

import java.util.Set;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;

/**
 * Base for the common shape "look at every access entry while recording is enabled"
 * (false-sharing, syscall-accesses, ...): subclasses implement {@link #onAccess}.
 */
public abstract class RecordedAccessAnalysis implements Analysis {

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.ACCESS);
    }

    /** Recording enabled in any mode; subclasses may add to it. */
    @Override
    public Requirements requirements() {
        return Requirements.recording();
    }

    @Override
    public final void onEntry(Entry entry, TraceState state) {
        if (state.recordingEnabled()) {
            onAccess(entry.asAccess(), entry.cpu(), state);
        }
    }

    /** An access entry seen while recording is enabled. */
    protected abstract void onAccess(AccessView access, int cpu, TraceState state);
}
