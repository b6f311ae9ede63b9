package org.mtrace.format.io;

/** How a {@link LogWriter} stores the entry stream. */
public enum Compression {
    /** Entries as they are (what the emulator writes into a FIFO). */
    RAW,
    /**
     * A series of independent gzip members of at most 64 KiB of entries, each
     * carrying its compressed size in the BGZF extra subfield, closed by an
     * empty end-of-file member. Any gzip reader decodes it; ours inflates the
     * members in parallel; a writer killed mid-run loses at most one member.
     */
    BGZF,
    /** One gzip member, as the original emulator's gzip child produced. */
    GZIP
}
