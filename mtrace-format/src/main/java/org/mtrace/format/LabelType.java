package org.mtrace.format;

/** Label and segment object types (FORMAT.md §4). */
public enum LabelType implements Coded {
    HEAP, BLOCK, STATIC, PERCPU;

    private static final LabelType[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static LabelType ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
