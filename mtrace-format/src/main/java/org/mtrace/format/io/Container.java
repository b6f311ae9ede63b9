package org.mtrace.format.io;

/** How a log's entry stream is stored on disk. */
public enum Container {
    /** Plain concatenated entries. */
    RAW,
    /** One or more gzip members (what the original emulator writes, or {@code cat a.gz b.gz}). */
    GZIP
}
