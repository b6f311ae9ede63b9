package org.mtrace.format;

/** Label and segment object types (FORMAT.md §4). */
public enum LabelType implements Coded {
    HEAP(1, "heap"),
    BLOCK(2, "block"),
    STATIC(3, "static"),
    PERCPU(4, "percpu");

    private static final CodeTable<LabelType> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    LabelType(int code, String spelling) {
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
    public static LabelType ofCode(long code) {
        return TABLE.of(code);
    }
}
