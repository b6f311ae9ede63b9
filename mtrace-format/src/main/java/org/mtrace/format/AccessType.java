package org.mtrace.format;

/** Access entry kinds (FORMAT.md §4): load, store, and store through the not-dirty I/O path. */
public enum AccessType implements Coded {
    LD, ST, IW;

    private static final AccessType[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static AccessType ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
