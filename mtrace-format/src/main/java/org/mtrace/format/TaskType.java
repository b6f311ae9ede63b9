package org.mtrace.format;

/** Task entry kinds (FORMAT.md §5.8). */
public enum TaskType implements Coded {
    INIT(1, "init"),
    UPDATE(2, "update"),
    EXIT(3, "exit");

    private static final CodeTable<TaskType> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    TaskType(int code, String spelling) {
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
    public static TaskType ofCode(long code) {
        return TABLE.of(code);
    }
}
