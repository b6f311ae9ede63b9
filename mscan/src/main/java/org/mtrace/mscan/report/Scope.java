package org.mtrace.mscan.report;

/** Which addresses the report counts: {@code --kernel-only}, {@code --user-only} or all. */
public enum Scope {
    ALL("all"), KERNEL("kernel"), USER("user");

    private final String label;

    Scope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** User space is the lower canonical half of x86-64 (bit 63 clear). */
    static boolean isUser(long addr) {
        return addr >= 0;
    }

    boolean admits(long addr) {
        return this == ALL || (this == USER) == isUser(addr);
    }
}
