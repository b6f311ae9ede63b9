package org.mtrace.format;

/**
 * View of a sched (type 9): the thread now running on the entry's CPU. Constants are byte offsets from the entry start.
 *
 * <p>A sched entry of at least {@link #FAULT_SIZE} bytes whose word at {@link #FAULT_MAGIC_OFFSET} is
 * {@link #FAULT_MAGIC} is a <em>page-fault entry</em> (docs/format-io.md "Page-fault entries"): the recorder's
 * fault and swap hooks append the event after the tid, which is the task running on the CPU (the one that
 * faulted). The original tools read it as a sched entry (m2text prints its tid, mscan skips sched entries).
 */
public final class SchedView extends TypedView {
    public static final int TID = 24;
    public static final int FAULT_MAGIC_OFFSET = 32;
    public static final int FAULT_KIND = 36;
    public static final int FAULT_PC = 40;
    public static final int FAULT_ADDRESS = 48;
    public static final int FAULT_PAGE = 56;
    public static final int FAULT_FLAGS = 64;
    public static final int FAULT_RESULT = 68;
    public static final int FAULT_HASH = 72;
    public static final int FAULT_TGID = 80;
    public static final int FAULT_VMA_START = 88;
    public static final int FAULT_VMA_END = 96;
    /** Size of a page-fault entry. */
    public static final int FAULT_SIZE = 104;
    /** "pflt" as a little-endian u32. */
    public static final long FAULT_MAGIC = 0x746c6670L;

    SchedView(Entry e) {
        super(e);
    }

    public long tid() {
        return e.u64(TID);
    }

    /** True for the page-fault variant; the fault getters below mean something only then. */
    public boolean isPageFault() {
        return e.size() >= FAULT_SIZE && e.u32(FAULT_MAGIC_OFFSET) == FAULT_MAGIC;
    }

    /** The logged {@link FaultKind} code (1 minor ... 5 swap-read; others are not defined). */
    public long faultKind() {
        return e.u32(FAULT_KIND);
    }

    /** The faulting instruction (user or kernel), or for swap-out the kernel call site. */
    public long faultPc() {
        return e.u64(FAULT_PC);
    }

    /** The faulting virtual address (a swap-read: its fault's; a swap-out: 0). */
    public long faultAddress() {
        return e.u64(FAULT_ADDRESS);
    }

    /** Direct-map kernel address of the page read from or written to swap; 0 for faults. */
    public long faultPage() {
        return e.u64(FAULT_PAGE);
    }

    /** handle_mm_fault's FAULT_FLAG_* argument (0 for swap I/O). */
    public long faultFlags() {
        return e.u32(FAULT_FLAGS);
    }

    /** handle_mm_fault's vm_fault_t result (0 for swap I/O). */
    public long faultResult() {
        return e.u32(FAULT_RESULT);
    }

    /** FNV-1a 64 of the page's 4096 bytes for swap I/O; 0 when not computed. */
    public long faultHash() {
        return e.u64(FAULT_HASH);
    }

    /** Thread-group (process) id of the task that faulted. */
    public long faultTgid() {
        return e.u64(FAULT_TGID);
    }

    /** Start of the faulting address's VMA (vm_area_struct.vm_start); 0 for swap-out and unknown. */
    public long faultVmaStart() {
        return e.u64(FAULT_VMA_START);
    }

    /** End (exclusive) of that VMA; 0 for swap-out and unknown. */
    public long faultVmaEnd() {
        return e.u64(FAULT_VMA_END);
    }
}
