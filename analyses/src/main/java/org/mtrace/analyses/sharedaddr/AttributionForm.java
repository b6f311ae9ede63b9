package org.mtrace.analyses.sharedaddr;

/**
 * How well a kernel shared-addresses row is described (issue 16's coverage forms), best first.
 */
enum AttributionForm {
    /** A struct type and field path: heap, static, per-CPU or struct page. */
    TYPED("typed field path"),
    /**
     * No label, but the address lies in a named kernel region (direct map, vmalloc area ...); or a
     * page-allocator block whose allocating function tells its purpose (page-table page).
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
