package org.mtrace.format;

/** Lock entry operations (FORMAT.md §5.7). */
public enum LockOp implements Coded {
    ACQUIRE, ACQUIRED, RELEASE;

    private static final LockOp[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static LockOp ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
