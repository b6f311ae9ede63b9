package org.mtrace.mscan.calls;

/**
 * The call stacks as analyses see them ({@code TraceState.calls()}): queries only. The engine's
 * trackers feed the fcall and call entries to the {@link CallTrace} behind it.
 */
public interface CallStacks {
    /**
     * The current call stack of {@code cpu} as an immutable snapshot, or null if the CPU has no
     * current stack or it has no frames (same instance while no call entry intervenes).
     */
    StackSnapshot current(int cpu);

    /** Tag of the CPU's current stack, or 0 if none. */
    long currentTag(int cpu);
}
