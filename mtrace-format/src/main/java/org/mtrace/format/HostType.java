package org.mtrace.format;

/** Host (guest-to-emulator command) entry kinds (FORMAT.md §4). */
public enum HostType implements Coded {
    ACCESS_ALL_CPU(1, "access_all_cpu"),
    CALL_CLEAR_CPU(2, "call_clear_cpu"),
    CALL_SET_CPU(3, "call_set_cpu"),
    DISABLE_COUNT_CPU(4, "disable_count_cpu"),
    ENABLE_COUNT_CPU(5, "enable_count_cpu");

    private static final CodeTable<HostType> TABLE = new CodeTable<>(values());

    private final int code;
    private final String spelling;

    HostType(int code, String spelling) {
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
    public static HostType ofCode(long code) {
        return TABLE.of(code);
    }
}
