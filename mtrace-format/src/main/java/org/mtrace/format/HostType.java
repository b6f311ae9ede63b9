package org.mtrace.format;

/** Host (guest-to-emulator command) entry kinds (FORMAT.md §4). */
public enum HostType implements Coded {
    ACCESS_ALL_CPU, CALL_CLEAR_CPU, CALL_SET_CPU, DISABLE_COUNT_CPU, ENABLE_COUNT_CPU;

    private static final HostType[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static HostType ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }
}
