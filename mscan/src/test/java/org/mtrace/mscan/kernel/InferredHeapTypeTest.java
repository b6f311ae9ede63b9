package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.alloc.SiteType;

/**
 * The bucket check of types inferred from allocation sites (issue 16 item 4). Size classes are the
 * kernel's ({@code __kmalloc_index} in include/linux/slab.h, x86-64: KMALLOC_MIN_SIZE 8, the 96 and
 * 192 caches), not this code's.
 */
class InferredHeapTypeTest {
    private static final long BY_VARIABLE = 0xffffffff81000010L, BY_RETURN = 0xffffffff81000020L;

    @Test
    void cacheNamesGiveTheirObjectSize() {
        assertEquals(64, InferredHeapType.bucket("kmalloc-64"));
        assertEquals(2048, InferredHeapType.bucket("kmalloc-2k"));
        assertEquals(2048, InferredHeapType.bucket("kmalloc-2048"));
        assertEquals(1024, InferredHeapType.bucket("kmalloc-cg-1k"));
        assertEquals(96, InferredHeapType.bucket("kmalloc-rcl-96"));
        assertEquals(512, InferredHeapType.bucket("dma-kmalloc-512"));
        assertEquals(-1, InferredHeapType.bucket("radix_tree_node"));
        assertEquals(-1, InferredHeapType.bucket("kmalloc-"));
        assertEquals(-1, InferredHeapType.bucket("kmalloc-x1"));
    }

    @Test
    void sizeClassesAreTheKernels() {
        long[][] sizeToClass = {{1, 8}, {8, 8}, {9, 16}, {17, 32}, {33, 64}, {64, 64}, {65, 96}, {96, 96},
                {97, 128}, {129, 192}, {192, 192}, {193, 256}, {257, 512}, {1000, 1024}, {1472, 2048}, {2560, 4096}};
        for (long[] c : sizeToClass) {
            assertEquals(c[1], InferredHeapType.kmallocClass(c[0]), "kmalloc(" + c[0] + ")");
        }
    }

    @Test
    void aVariablesTypeMustFitTheBucketAReturnTypeMustBeExactlyIt() {
        FixedKernelInfo k = FixedKernelInfo.empty()
                .type("foo", off -> ".b")
                .allocationSite(BY_VARIABLE, new SiteType("foo", 40, SiteType.How.VARIABLE, "f"))
                .allocationSite(BY_RETURN, new SiteType("foo", 40, SiteType.How.RETURN_TYPE, "alloc_foo"));
        Attribution a = new KernelAttribution(k);
        AddressDescription d = a.describeLabelled("kmalloc-64", 0xffff888000001000L, 8, 0, false, BY_VARIABLE);
        assertEquals(AddressDescription.Form.TYPED, d.form());
        assertEquals("foo.b", d.typeAndField());
        assertEquals("(*(foo)0xffff888000001000).b (kmalloc-64, type inferred from allocation site)", d.text());
        assertEquals("foo", a.inferredType("kmalloc-128", BY_VARIABLE).type(), "a flexible tail may need more");
        assertNull(a.inferredType("kmalloc-32", BY_VARIABLE), "40 bytes do not fit in 32");
        assertEquals("foo", a.inferredType("kmalloc-64", BY_RETURN).type());
        assertNull(a.inferredType("kmalloc-128", BY_RETURN), "kmalloc(40) allocates from kmalloc-64");
        assertEquals(AddressDescription.Form.NAME,
                a.describeLabelled("kmalloc-32", 0xffff888000001000L, 8, 0, false, BY_VARIABLE).form());
    }

    /**
     * A named cache the image has no type of (SLUB's merged caches: Debian's 6.1 allocates user_struct
     * from skbuff_ext_cache) takes the type of the variable that received the pointer; its object
     * size is not in its name, so a function's return type, the weaker rule, does not count.
     */
    @Test
    void aNamedCacheTakesOnlyAVariablesType() {
        FixedKernelInfo k = FixedKernelInfo.empty()
                .type("user_struct", off -> off < 8 ? ".__count" : null)
                .allocationSite(BY_VARIABLE, new SiteType("user_struct", 96, SiteType.How.VARIABLE, "new"))
                .allocationSite(BY_RETURN, new SiteType("user_struct", 96, SiteType.How.RETURN_TYPE, "alloc_uid"));
        Attribution a = new KernelAttribution(k);
        assertEquals("user_struct", a.inferredType("skbuff_ext_cache", BY_VARIABLE).type());
        assertNull(a.inferredType("skbuff_ext_cache", BY_RETURN));
        assertNull(a.inferredType("skbuff_ext_cache", 0));
        AddressDescription d = a.describeLabelled("skbuff_ext_cache", 0xffff888005643180L, 0, 0, false, BY_VARIABLE);
        assertEquals("(*(user_struct)0xffff888005643180).__count (skbuff_ext_cache, type inferred from allocation site)",
                d.text());
        // past what the type describes: the cache's name and offset
        assertEquals(AddressDescription.Form.NAME,
                a.describeLabelled("skbuff_ext_cache", 0xffff888005643180L, 0x20, 0, false, BY_VARIABLE).form());
    }
}
