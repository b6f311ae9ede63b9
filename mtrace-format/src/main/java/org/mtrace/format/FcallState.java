package org.mtrace.format;

/** States of an fcall (call-stack management) entry (FORMAT.md §5.4). */
public enum FcallState implements Coded {
    START, DONE, DONE_VALUE, RESUME, PAUSE;

    private static final FcallState[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static FcallState ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
