package org.mtrace.format;

/** States of an fcall (call-stack management) entry (FORMAT.md §5.4). */
public enum FcallState implements Coded {
    START(1, "start"),
    DONE(2, "done"),
    DONE_VALUE(3, "done_value"),
    RESUME(4, "resume"),
    PAUSE(5, "pause");

    private static final CodeTable<FcallState> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    FcallState(int code, String spelling) {
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
    public static FcallState ofCode(long code) {
        return TABLE.of(code);
    }
}
