package org.mtrace.mscan.kernel;

import org.mtrace.dwarf.alloc.SiteType;

/**
 * Whether an untyped heap object ({@code kmalloc-N}, or a named cache the image has no type of) may
 * be described with the type its allocation site suggests ({@link KernelInfo#allocationSiteType},
 * issue 16 item 4). The site's type must fit the kmalloc bucket: {@code sizeof(T) <= N} for a
 * variable that received the pointer (a struct with a flexible tail may ask for more than
 * {@code sizeof}); for the weaker return-type rule, the bucket must
 * be exactly the one {@code kmalloc(sizeof(T))} picks, so an unrelated buffer allocated by a function
 * that returns some other struct is not dressed in that struct's type.
 */
final class InferredHeapType {
    /** The kmalloc size classes that are not powers of two (the kernel's kmalloc-96 and kmalloc-192). */
    private static final long[] ODD_CLASSES = {96, 192};

    private final KernelInfo kernel;
    private final java.util.Map<Site, SiteType> mergedUsers = new java.util.HashMap<>();

    InferredHeapType(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /** The type for a heap label named {@code labelName} allocated at {@code allocPc}, or null. */
    SiteType typeFor(String labelName, long allocPc) {
        if (allocPc == 0) {
            return null;
        }
        long bucket = bucket(labelName);
        if (bucket <= 0) {
            return namedCacheType(allocPc);
        }
        SiteType t = kernel.allocationSiteType(allocPc);
        if (t == null || t.size() <= 0 || t.size() > bucket) {
            return null;
        }
        if (t.how() == SiteType.How.RETURN_TYPE && kmallocClass(t.size()) != bucket) {
            return null;
        }
        return t;
    }

    /**
     * The type of an object of a named slab cache that is not a type the image knows (the callers ask
     * only then): SLUB merges caches of one size and names the merged cache after its first user, so
     * Debian's 6.1 allocates {@code user_struct} from {@code skbuff_ext_cache} ({@code alloc_uid}:
     * {@code new = kmem_cache_zalloc(uid_cachep, ...)}). Only a variable that received the pointer
     * counts ({@link SiteType.How#VARIABLE}): the cache's object size is not in its name to check the
     * weaker return-type rule against.
     */
    private SiteType namedCacheType(long allocPc) {
        SiteType t = kernel.allocationSiteType(allocPc);
        return t != null && t.how() == SiteType.How.VARIABLE && t.size() > 0 ? t : null;
    }

    /**
     * For an object of a slab cache named after a type the image knows ({@code labelName}): the
     * other type its allocation site shows, or null when nothing contradicts the name. SLUB merges
     * caches of one size and alignment and names the merged cache after its first user, so the
     * name is not always the type: on Debian's 6.12 TCP's clone pairs ({@code skbuff_fclone_cache},
     * {@code __alloc_skb}: {@code skb = kmem_cache_alloc_node(cache, ...)}) come from
     * {@code pool_workqueue}, {@code eppoll_entry} and {@code fs_struct} objects from
     * {@code anon_vma_chain}, {@code epitem} from {@code pid}. Only a variable that received the
     * pointer counts ({@link SiteType.How#VARIABLE}), and not where a function of the site returns
     * the name's type: then the variable is another view of the same object ({@code mt_alloc_one}
     * returns {@code struct maple_node *} into a {@code struct maple_alloc *}).
     */
    synchronized SiteType mergedCacheUser(String labelName, long allocPc) {
        if (allocPc == 0 || bucket(labelName) > 0) {
            return null;
        }
        Site key = new Site(labelName, allocPc);
        SiteType t = mergedUsers.get(key);
        if (t == null && !mergedUsers.containsKey(key)) {
            t = askMergedCacheUser(labelName, allocPc);
            mergedUsers.put(key, t);
        }
        return t;
    }

    /** A label name and allocation site, the key {@link #mergedCacheUser} is remembered by (asked once per object). */
    private record Site(String labelName, long allocPc) {
    }

    private SiteType askMergedCacheUser(String labelName, long allocPc) {
        SiteType t = kernel.allocationSiteType(allocPc);
        if (t == null || t.how() != SiteType.How.VARIABLE || t.size() <= 0 || t.type().equals(labelName)
                || kernel.typeSize(labelName).isEmpty() || kernel.allocationSiteHandsOut(allocPc, labelName)
                || kernel.beginsWith(labelName, t.type())) {
            // (a name that is no type is typed by namedCacheType; a site that keeps the object as the
            // struct the name's type begins with, sk_prot_alloc's struct sock * of a tcp6_sock, is
            // another view of it)
            return null;
        }
        return t;
    }

    /**
     * The object size of a kmalloc cache from its name: {@code kmalloc-64}, {@code kmalloc-2k},
     * {@code kmalloc-2048} (the recorder's own spelling for {@code __kmalloc}), {@code kmalloc-cg-1k},
     * {@code kmalloc-rcl-96}, {@code dma-kmalloc-512}; -1 for any other name.
     */
    static long bucket(String name) {
        if (!name.startsWith("kmalloc-") && !name.startsWith("dma-kmalloc-")) {
            return -1;
        }
        String n = name.substring(name.lastIndexOf('-') + 1);
        long unit = 1;
        if (n.endsWith("k")) {
            unit = 1024;
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 7) {
            return -1;
        }
        for (int i = 0; i < n.length(); i++) {
            if (!Character.isDigit(n.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(n) * unit;
    }

    /** The size class {@code kmalloc(size)} allocates from: 8, 16, 32, 64, 96, 128, 192, 256, 512, ... */
    static long kmallocClass(long size) {
        long c = 8;
        while (c < size) {
            c <<= 1;
        }
        for (long odd : ODD_CLASSES) {
            if (size <= odd && odd < c && odd > c / 2) {
                return odd;
            }
        }
        return c;
    }
}
