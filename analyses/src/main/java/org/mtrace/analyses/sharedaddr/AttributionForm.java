package org.mtrace.analyses.sharedaddr;

/**
 * How well a kernel shared-addresses row is described (issue 16's coverage forms), best first.
 */
enum AttributionForm {
    /** A struct type and field path: heap, static, per-CPU or struct page. */
    TYPED("typed field path"),
    /**
     * An untyped heap object ({@code kmalloc-64}) described with the struct type its allocation site
     * suggests (issue 16 item 4): a field path, but inferred, so counted apart from TYPED.
     */
    TYPED_INFERRED("typed field path, inferred from allocation site"),
    /**
     * An untyped heap object described with the struct type its accessing instructions agree on
     * (issue 16 item 4, where the allocation site says nothing): the DWARF variable in the base
     * register of an instruction's memory operand points to the object's start.
     */
    TYPED_BY_INSTRUCTION("typed field path, inferred from accessing instruction"),
    /**
     * A kernel stack address whose accesses (through {@code %rsp}) agree on the function whose frame
     * holds it, and the local variable there: {@code stack of 812 (rm)+0x3f28, frame of do_sys_openat2:
     * op.lookup_flags} (issue 16 item 1). Also an unlabelled address of the vmalloc area or the CPU
     * entry area (a recording without stack labels): {@code +0xffffc900... (vmalloc area ...), frame of ...}.
     */
    STACK_VARIABLE("typed stack frame"),
    /** As {@link #STACK_VARIABLE}, but no variable is known there: {@code ..., frame of do_sys_openat2}. */
    STACK_FRAME("kernel stack, function's frame"),
    /** A task's or CPU's interrupt stack labelled with its owner only: {@code stack of 812 (rm)+0x3f20}. */
    STACK("kernel stack"),
    /**
     * No label, but the address lies in a named kernel region (direct map, vmalloc area ...); or a
     * page-allocator block whose allocating function tells its purpose (page-table page); or a
     * label the recorder named by purpose ({@code page cache of inode 4711}, {@code per-CPU
     * dynamic area of cpu 2}).
     */
    NAMED_REGION("named region"),
    /** A label whose name the image does not know as a type or variable: {@code kmalloc-64+0x10}. */
    NAME_OFFSET("name+offset only"),
    /** No label and no known region. */
    UNATTRIBUTED("unattributed");

    private final String label;

    AttributionForm(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
