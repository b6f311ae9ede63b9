package org.mtrace.format;

/** Task entry kinds (FORMAT.md §5.8). */
public enum TaskType implements Coded {
    INIT, UPDATE, EXIT;

    private static final TaskType[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static TaskType ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
