package org.mtrace.mscan.engine;

/**
 * A fatal inconsistency found by a built-in tracker (the original's {@code die} in a default
 * handler, e.g. a duplicate call-stack start or a bad label type). The pass stops at that entry;
 * every analysis still reports what it saw before it, and mscan exits with status 2.
 */
public class TraceFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceFault(String message) {
        super(message);
    }
}
