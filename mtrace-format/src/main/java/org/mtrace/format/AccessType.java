package org.mtrace.format;

/** Access entry kinds (FORMAT.md §4): load, store, and store through the not-dirty I/O path. */
public enum AccessType implements Coded {
    LD(1, "ld"),
    ST(2, "st"),
    IW(3, "iw");

    private static final CodeTable<AccessType> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    AccessType(int code, String spelling) {
        this.code = code;
        this.spelling = spelling;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static AccessType ofCode(long code) {
        return TABLE.of(code);
    }
}
