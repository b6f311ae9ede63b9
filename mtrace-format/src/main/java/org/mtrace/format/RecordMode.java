package org.mtrace.format;

/** Recording modes set by an access_all_cpu host entry (FORMAT.md §4, §6.3). */
public enum RecordMode implements Coded {
    DISABLE(0, "disable"),
    MOVEMENT(1, "movement"),
    ASCOPE(2, "ascope"),
    KERNELSCOPE(3, "kernelscope");

    private static final CodeTable<RecordMode> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    RecordMode(int code, String spelling) {
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
    public static RecordMode ofCode(long code) {
        return TABLE.of(code);
    }
}
