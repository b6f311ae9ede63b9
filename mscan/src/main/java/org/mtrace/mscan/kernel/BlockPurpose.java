package org.mtrace.mscan.kernel;

import java.util.Map;

/**
 * What a page-allocator block is for, from the function its allocation PC lies in (the hooks label
 * every block {@code pages}, with the PC inside the allocator's caller). Only functions whose
 * blocks have one use are listed: page-table allocators (Linux 6.1 and 6.12 names, inlined or not)
 * and the slab allocator's page allocation (a slab page: its live objects carry their own labels,
 * so what is left is free objects and slab metadata). {@code __folio_alloc} and
 * {@code __get_free_pages} serve many users and name nothing.
 */
public final class BlockPurpose {
    static final String PAGE_TABLE = "page-table page";
    public static final String SLAB_PAGE = "slab page (outside live objects)";
    private static final Map<String, String> BY_FUNCTION = Map.of(
            "__pte_alloc_one", PAGE_TABLE,
            "pte_alloc_one", PAGE_TABLE,
            "pmd_alloc_one", PAGE_TABLE,
            "__pmd_alloc", PAGE_TABLE,
            "pud_alloc_one", PAGE_TABLE,
            "p4d_alloc_one", PAGE_TABLE,
            "pgd_alloc", PAGE_TABLE,
            "_pgd_alloc", PAGE_TABLE,
            "alloc_slab_page", SLAB_PAGE);

    private BlockPurpose() {
    }

    /** The purpose of blocks allocated in {@code function}, or null if it does not tell. */
    public static String of(String function) {
        return function == null ? null : BY_FUNCTION.get(function);
    }
}
