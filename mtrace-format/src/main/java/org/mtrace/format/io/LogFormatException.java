package org.mtrace.format.io;

import java.io.IOException;

/**
 * A fault in a log, carrying where it is: the file, the byte offset in the
 * decompressed entry stream and the index of the entry that could not be
 * read. Every entry before that one has been delivered.
 */
public final class LogFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;
    private final long entryIndex;
    private final Problem problem;
    private final String detail;

    public LogFormatException(String file, long offset, long entryIndex, Problem problem, String detail, Throwable cause) {
        super(location(file, entryIndex, offset) + ": " + detail, cause);
        this.file = file;
        this.offset = offset;
        this.entryIndex = entryIndex;
        this.problem = problem;
        this.detail = detail;
    }

    public LogFormatException(String file, long offset, long entryIndex, Problem problem, String detail) {
        this(file, offset, entryIndex, problem, detail, null);
    }

    /**
     * The location prefix of every message about a position in a log, {@code FILE: entry N at byte
     * offset O} (offset in the decompressed entry stream), the name escaped by {@link FileNames}.
     */
    public static String location(String file, long entryIndex, long offset) {
        return FileNames.printable(file) + ": entry " + entryIndex + " at byte offset " + offset;
    }

    /** The log's path (or {@code <stdin>}), as given (not escaped). */
    public String file() {
        return file;
    }

    /** Offset of the faulty entry in the decompressed stream. */
    public long offset() {
        return offset;
    }

    /** 0-based index of the entry that could not be read. */
    public long entryIndex() {
        return entryIndex;
    }

    public Problem problem() {
        return problem;
    }

    /** The description without the location prefix. */
    public String detail() {
        return detail;
    }
}
