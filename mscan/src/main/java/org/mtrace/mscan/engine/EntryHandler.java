package org.mtrace.mscan.engine;

/**
 * What an analysis does with one entry of a type it subscribed to ({@link Handlers}): usually a
 * method reference such as {@code this::onAccess}, created once when the analysis subscribes.
 *
 * @param <V> the entry's typed view ({@code AccessView}, {@code HostView}, ...); valid only during
 *            the call (the reader reuses it for the next entry)
 */
@FunctionalInterface
public interface EntryHandler<V> {
    /**
     * Called in log order, after the built-in trackers updated {@code state}. Hot path: read fields
     * from the view, allocate nothing per entry; a fatal condition throws {@link AnalysisException}.
     */
    void on(V entry, TraceState state);
}
