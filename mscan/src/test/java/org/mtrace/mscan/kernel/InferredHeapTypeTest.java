package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A named cache whose name is a type can still hold another user's objects: SLUB merged it. On
     * Debian's 6.12 (mc612 recording, memcached over TCP) 5,348 of the objects labelled
     * {@code pool_workqueue} were allocated at {@code __alloc_skb} into {@code skb}: TCP's clone
     * pairs from {@code skbuff_fclone_cache}. The site's variable decides, unless a function of the
     * site returns the name's type ({@code mt_alloc_one} returns {@code struct maple_node *} into a
     * {@code struct maple_alloc *}: the same node), and only for a name that is a type.
     */
    @Test
    void aMergedCacheTakesItsOtherUsersType() {
        long skbSite = 0xffffffff81a02470L, mapleSite = 0xffffffff8163f2a0L, returnSite = 0xffffffff81000030L;
        FixedKernelInfo k = FixedKernelInfo.empty()
                .type("pool_workqueue", off -> off < 512 ? ".pool" : null).layout("pool_workqueue", 512)
                .type("sk_buff", off -> off < 232 ? (off == 16 ? ".dev" : ".next") : "+0x" + Long.toHexString(off))
                .layout("sk_buff", 232)
                .type("maple_node", off -> ".parent").layout("maple_node", 256)
                .allocationSite(skbSite, new SiteType("sk_buff", 232, SiteType.How.VARIABLE, "skb"))
                .allocationSite(mapleSite, new SiteType("maple_alloc", 256, SiteType.How.VARIABLE, "node"))
                .handsOut(mapleSite, "maple_node")
                .allocationSite(returnSite, new SiteType("sk_buff", 232, SiteType.How.RETURN_TYPE, "__alloc_skb"));
        Attribution a = new KernelAttribution(k);
        long base = 0xffff888004124800L;
        assertEquals("sk_buff", a.mergedCacheUser("pool_workqueue", skbSite).type());
        AddressDescription d = a.describeLabelled("pool_workqueue", base, 16, 0, false, skbSite);
        assertEquals("sk_buff.dev", d.typeAndField());
        assertEquals("(*(sk_buff)0xffff888004124800).dev (pool_workqueue, type inferred from allocation site)", d.text());
        AddressDescription past = a.describeLabelled("pool_workqueue", base, 0x1d0, 0, false, skbSite);
        assertEquals(AddressDescription.Form.NAME, past.form(), "never pool_workqueue's fields");
        assertEquals("pool_workqueue+0x1d0 (allocated as sk_buff, past its end)", past.text());
        assertNull(a.mergedCacheUser("maple_node", mapleSite), "maple_alloc is a view of the node the site hands out");
        assertEquals("maple_node.parent", a.describeLabelled("maple_node", base, 8, 0, false, mapleSite).typeAndField());
        assertNull(a.mergedCacheUser("pool_workqueue", returnSite), "a return type is too weak to overrule a name");
        assertNull(a.mergedCacheUser("TCP", skbSite), "not a type: the named-cache rule decides");
        assertNull(a.mergedCacheUser("kmalloc-512", skbSite), "kmalloc objects: the bucket rule decides");
        assertNull(a.mergedCacheUser("pool_workqueue", 0));
        // a label outside the heap (a static variable of that name) is not an object of a cache
        assertEquals(AddressDescription.Form.TYPED,
                a.describeLabelled("pool_workqueue", 0xffffffff82000000L, 8, 0, false, skbSite).form());
    }

    /** tcp_sock begins with inet_connection_sock, which begins with inet_sock, which begins with sock (6.12's layouts, pahole). */
    @Test
    void aStructBeginsWithTheStructsAtItsStart() {
        FixedKernelInfo k = FixedKernelInfo.empty()
                .layout("tcp_sock", 2368, new Member(0, 1448, "inet_conn", "struct inet_connection_sock"))
                .layout("inet_connection_sock", 1448, new Member(0, 1008, "icsk_inet", "struct inet_sock"))
                .layout("inet_sock", 1008, new Member(0, 776, "sk", "struct sock"))
                .layout("sock", 776, new Member(0, 136, "__sk_common", "struct sock_common"))
                .layout("sk_buff_fclones", 472, new Member(0, 232, "skb1", "struct sk_buff"))
                .layout("padded", 16, new Member(8, 8, "s", "struct sock"));
        Attribution a = new KernelAttribution(k);
        assertTrue(a.beginsWith("tcp_sock", "sock"));
        assertTrue(a.beginsWith("tcp_sock", "inet_sock"));
        assertTrue(a.beginsWith("sk_buff_fclones", "sk_buff"));
        assertFalse(a.beginsWith("sock", "tcp_sock"));
        assertFalse(a.beginsWith("sock", "sock"), "a type does not begin with itself");
        assertFalse(a.beginsWith("padded", "sock"), "not at offset 0");
        assertFalse(a.beginsWith("unknown", "sock"));
    }

    /**
     * The recorder names the protocols' socket caches by their type ({@code TCPv6} objects are
     * {@code tcp6_sock}s), and {@code sk_prot_alloc} keeps them in a {@code struct sock *}: a view of
     * the object's start, not another user of a merged cache (which would leave the part past
     * {@code sizeof(struct sock)} untyped).
     */
    @Test
    void aSiteThatKeepsTheStructTheNameBeginsWithIsAView() {
        long sockSite = 0xffffffff81780000L;
        FixedKernelInfo k = FixedKernelInfo.empty()
                .type("tcp6_sock", off -> ".tcp.x").type("sock", off -> off < 776 ? ".sk_x" : null)
                .layout("tcp6_sock", 2560, new Member(0, 2368, "tcp", "struct tcp_sock"))
                .layout("tcp_sock", 2368, new Member(0, 1008, "inet", "struct inet_sock"))
                .layout("inet_sock", 1008, new Member(0, 776, "sk", "struct sock"))
                .layout("sock", 776, new Member(0, 136, "__sk_common", "struct sock_common"))
                .layout("pool_workqueue", 512, new Member(0, 8, "pool", "struct worker_pool *"))
                .allocationSite(sockSite, new SiteType("sock", 776, SiteType.How.VARIABLE, "sk"));
        Attribution a = new KernelAttribution(k);
        assertNull(a.mergedCacheUser("tcp6_sock", sockSite), "a tcp6_sock begins with a sock");
        assertEquals("sock", a.mergedCacheUser("pool_workqueue", sockSite).type(), "a pool_workqueue does not");
    }

    /**
     * Past sizeof(struct mm_struct) (1344 on Debian's 6.12, pahole) lies its flexible array
     * {@code unsigned long cpu_bitmap[]}, the mm's cpumask that switch_mm_irqs_off sets and clears: the
     * report names the element, the analyses keep the original's {@code +0x548}.
     */
    @Test
    void aHeapObjectPastItsStructIsItsFlexibleArray() {
        FixedKernelInfo k = FixedKernelInfo.empty()
                .type("mm_struct", off -> off < 1344 ? ".mm_count" : "+0x" + Long.toHexString(off))
                .flexibleArray("mm_struct", new org.mtrace.dwarf.describe.FlexibleArray("cpu_bitmap", 1344, 8));
        Attribution a = new KernelAttribution(k);
        long base = 0xffff888004079b80L;
        AddressDescription d = a.describeLabelled("mm_struct", base, 0x548, 0, false, 0xffffffff8108a2b0L);
        assertEquals("mm_struct.cpu_bitmap[1]", d.typeAndField());
        assertEquals("(*(mm_struct)0xffff888004079b80).cpu_bitmap[1]", d.text());
        assertEquals("(*(mm_struct)0xffff888004079b80)+0x548", a.describeData("mm_struct", base, 0x548, 0).text(),
                "what the original printed");
        assertEquals("mm_struct.mm_count", a.describeLabelled("mm_struct", base, 8, 0, false, 0).typeAndField());
    }
}
