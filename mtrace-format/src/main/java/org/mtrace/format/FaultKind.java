package org.mtrace.format;

/**
 * Kinds of page-fault entries (docs/format-io.md "Page-fault entries"): three outcomes of a page fault
 * (handle_mm_fault), then the two swap I/O events, one per page, which /proc/vmstat counts as pswpout and pswpin.
 */
public enum FaultKind implements Coded {
    /** A fault the kernel resolved without I/O (no VM_FAULT_MAJOR, no swap entry). */
    MINOR,
    /** A fault that waited for I/O (VM_FAULT_MAJOR), not from swap: a file page. */
    MAJOR,
    /** A fault on a swapped-out page (do_swap_page): read now if its result has VM_FAULT_MAJOR, else found in the swap cache. */
    SWAP_IN,
    /** A page written to swap (__swap_writepage). */
    SWAP_OUT,
    /** A page read from swap (swap_readpage / swap_read_folio). */
    SWAP_READ;

    /** handle_mm_fault's VM_FAULT_MAJOR bit (include/linux/mm_types.h, 6.1 and 6.12). */
    public static final long VM_FAULT_MAJOR = 0x4;
    /** handle_mm_fault's VM_FAULT_RETRY bit: the kernel retries the fault and counts only the retry. */
    public static final long VM_FAULT_RETRY = 0x400;

    private static final FaultKind[] VALUES = values();

    /** The constant for a logged value, or {@code null} if the format defines none. */
    public static FaultKind ofCode(long code) {
        return Coded.lookup(VALUES, code);
    }

    /** The word the tools print: {@code minor}, {@code swap-in}, ... */
    @Override
    public String spelling() {
        return Coded.super.spelling().replace('_', '-');
    }

    /** True for the three fault outcomes (what /proc/vmstat's pgfault counts when not retried). */
    public boolean isFault() {
        return this == MINOR || this == MAJOR || this == SWAP_IN;
    }
}
