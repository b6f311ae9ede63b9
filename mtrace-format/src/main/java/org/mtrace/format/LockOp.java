package org.mtrace.format;

/** Lock entry operations (FORMAT.md §5.7). */
public enum LockOp implements Coded {
    ACQUIRE(1, "acquire"),
    ACQUIRED(2, "acquired"),
    RELEASE(3, "release");

    private static final CodeTable<LockOp> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    LockOp(int code, String spelling) {
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
    public static LockOp ofCode(long code) {
        return TABLE.of(code);
    }
}
