package org.mtrace.format;

/**
 * The 15 mtrace entry kinds with their numeric code and the size of their
 * packed C layout (FORMAT.md §2.1). The code is what the header's u32
 * {@code type} field holds.
 */
public enum EntryType {
    LABEL(1, 124, "label"),
    ACCESS(2, 54, "access"),
    HOST(3, 108, "host"),
    FCALL(4, 54, "fcall"),
    SEGMENT(5, 46, "segment"),
    CALL(6, 44, "call"),
    LOCK(7, 109, "lock"),
    TASK(8, 108, "task"),
    SCHED(9, 32, "sched"),
    MACHINE(10, 51, "machine"),
    APPDATA(11, 34, "appdata"),
    ASCOPE(12, 89, "ascope"),
    AVAR(13, 89, "avar"),
    GC(14, 105, "gc"),
    GCEPOCH(15, 25, "gcepoch");

    /** Size of the common header that starts every entry. */
    public static final int HEADER_SIZE = 24;
    /** Largest entry any reader accepts (the label layout); larger sizes are corrupt. */
    public static final int MAX_ENTRY_SIZE = 124;
    /** One past the largest type code; codes are 1..15. */
    public static final int CODE_LIMIT = 16;

    private static final EntryType[] BY_CODE = new EntryType[CODE_LIMIT];
    static {
        for (EntryType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int layoutSize;
    private final String spelling;

    EntryType(int code, int layoutSize, String spelling) {
        this.code = code;
        this.layoutSize = layoutSize;
        this.spelling = spelling;
    }

    /** Numeric code stored in the header. */
    public int code() {
        return code;
    }

    /** Size in bytes of this entry's packed layout, header included. */
    public int layoutSize() {
        return layoutSize;
    }

    /** Lower-case name used in text, JSON and on command lines ({@code access}, {@code gcepoch}). */
    public String spelling() {
        return spelling;
    }

    /** The type for a header code, or {@code null} when the code names no entry type. */
    public static EntryType ofCode(long code) {
        return code > 0 && code < CODE_LIMIT ? BY_CODE[(int) code] : null;
    }

    /** Parses a type name as given on a command line (case-insensitive spelling or code). */
    public static EntryType parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (EntryType t : values()) {
            if (t.spelling.equals(s)) {
                return t;
            }
        }
        try {
            EntryType t = ofCode(Long.parseLong(s));
            if (t != null) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("unknown entry type '" + text + "'");
    }
}
