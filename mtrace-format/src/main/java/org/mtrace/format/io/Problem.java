package org.mtrace.format.io;

/** What is wrong with a log, as reported by {@link LogFormatException}. */
public enum Problem {
    /** The header's type code names no entry type. */
    UNKNOWN_TYPE,
    /** The header's size is below the type's layout size (or below the 24-byte header). */
    SIZE_TOO_SMALL,
    /** The header's size exceeds the largest entry (124 bytes). */
    SIZE_TOO_LARGE,
    /** The stream ended inside an entry. */
    TRUNCATED_ENTRY,
    /** A gzip member ended before its end (the writer was killed, or the file was cut). */
    TRUNCATED_GZIP,
    /** A gzip member could not be decoded or its checksum or length does not match. */
    CORRUPT_GZIP,
    /** The log holds no entry at all (empty file, empty stream, or gzip members that inflate to nothing). */
    NO_ENTRIES,
    /** The file could not be read at all. */
    IO_ERROR
}
