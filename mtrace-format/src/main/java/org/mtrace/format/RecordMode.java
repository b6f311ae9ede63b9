package org.mtrace.format;

/** Recording modes set by an access_all_cpu host entry (FORMAT.md §4, §6.3). */
public enum RecordMode implements Coded {
    DISABLE, MOVEMENT, ASCOPE, KERNELSCOPE;

    private static final RecordMode[] VALUES = values();

    @Override
    public int firstCode() {
        return 0;
    }

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static RecordMode ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
