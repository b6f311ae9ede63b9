package org.mtrace.format;

import java.util.Locale;

/**
 * A format enumeration (FORMAT.md §4): its constants are declared in the order of their logged
 * numbers, which are consecutive from {@link #firstCode()}; the word tools print is the constant's
 * name in lower case ({@code DONE_VALUE} → {@code done_value}).
 */
public interface Coded {

    /** Implemented by every enum. */
    String name();

    /** Implemented by every enum. */
    int ordinal();

    /** The number logged for the first constant (1 for most enumerations). */
    default int firstCode() {
        return 1;
    }

    /** The number stored in the log. */
    default int code() {
        return firstCode() + ordinal();
    }

    /** The word the tools print for this value. */
    default String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code values} (an enum's {@code values()}) logged as {@code code}, or null. */
    static <E extends Coded> E lookup(E[] values, long code) {
        long i = code - values[0].firstCode();
        return i >= 0 && i < values.length ? values[(int) i] : null;
    }
}
