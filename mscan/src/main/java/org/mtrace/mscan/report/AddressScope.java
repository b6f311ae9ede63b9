package org.mtrace.mscan.report;

import org.mtrace.mscan.kernel.KernelLayout;

/** Which addresses the report counts: {@code --kernel-only}, {@code --user-only} or all. */
public enum AddressScope {
    ALL("all"), KERNEL("kernel"), USER("user");

    private final String label;

    AddressScope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    boolean admits(long addr) {
        return this == ALL || (this == USER) == KernelLayout.isUser(addr);
    }
}
