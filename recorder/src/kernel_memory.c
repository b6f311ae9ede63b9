/* Kernel memory hooks: slab objects become heap labels, page blocks block labels. */
#include <stdio.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"
#include "u64map.h"

static struct u64map live_labels; /* guest address | block bit -> bytes */

void memory_hooks_init(void)
{
    u64map_init(&live_labels, 1 << 16);
}

/* ---- label helpers ----------------------------------------------------- */

static uint64_t live_key(uint64_t addr, uint32_t type)
{
    return addr | (type == MT_LABEL_BLOCK ? 1 : 0);
}

static void put_label(unsigned cpu, uint32_t type, const char *name, uint64_t addr, uint64_t bytes,
                      uint64_t pc)
{
    uint8_t *e = rec_entry(MT_LABEL, MT_SIZE_LABEL, cpu);
    mt_put64(e, MT_LABEL_HOST_ADDR, guest_kernel_phys(addr));
    mt_put32(e, MT_LABEL_TYPE, type);
    mt_put_str(e, MT_LABEL_STR, name);
    mt_put64(e, MT_LABEL_GUEST_ADDR, addr);
    mt_put64(e, MT_LABEL_BYTES, bytes);
    mt_put64(e, MT_LABEL_PC, pc);
}

/* Removes a label only if this recorder created it, so mscan never sees unknown removals. */
void label_free(unsigned cpu, uint32_t type, uint64_t addr, uint64_t pc)
{
    if (addr == 0 || !u64map_remove(&live_labels, live_key(addr, type)))
        return;
    put_label(cpu, type, "", addr, 0, pc);
}

void label_alloc(unsigned cpu, uint32_t type, const char *name, uint64_t addr, uint64_t bytes,
                 uint64_t pc)
{
    if (addr == 0 || bytes == 0)
        return;
    label_free(cpu, type, addr, pc); /* a missed free: retire the stale label first */
    put_label(cpu, type, name, addr, bytes, pc);
    u64map_put(&live_labels, live_key(addr, type), bytes);
}

/* ---- slab ------------------------------------------------------------- */

enum { CACHE_SLOTS = 1024 };
static struct cache_info { uint64_t cache; uint32_t size; char name[MT_STR_LEN]; } caches[CACHE_SLOTS];

/*
 * Heap labels should carry the C type of the object (FORMAT.md 5.1) so mscan can print
 * struct.field paths from the vmlinux's DWARF. Most dedicated caches are named after their
 * struct (dentry, task_struct, vm_area_struct, ...); these well-known ones are not. Caches not
 * listed keep their own name (kmalloc-N holds no single type).
 */
static const char *const cache_types[][2] = {
    { "filp", "file" },
    { "inode_cache", "inode" },
    { "shmem_inode_cache", "shmem_inode_info" },
    { "ext4_inode_cache", "ext4_inode_info" },
    { "proc_inode_cache", "proc_inode" },
    { "sock_inode_cache", "socket_alloc" },
    { "signal_cache", "signal_struct" },
    { "sighand_cache", "sighand_struct" },
    { "files_cache", "files_struct" },
    { "fs_cache", "fs_struct" },
    { "cred_jar", "cred" },
    { "skbuff_head_cache", "sk_buff" },
    { "kernfs_node_cache", "kernfs_node" },
    /* lib/radix-tree.c: struct radix_tree_node is a #define for struct xa_node, which is all
     * DWARF knows (sizeof 576 on 6.1 and 6.12, the cache's object_size) */
    { "radix_tree_node", "xa_node" },
    /* the protocols' socket caches, named after the protocol (struct proto.name); object_size is
     * the proto's obj_size, checked against gdb's sizeof on 6.1 / 6.12 (TCP 2240 / 2368, TCPv6
     * 2400 / 2560, request sock 304, time-wait sock 264 / 248; the v6 request and time-wait socks
     * are the v4 structs). All are SLAB_TYPESAFE_BY_RCU, which no other cache merges into, so an
     * object of these caches is of that type */
    { "TCP", "tcp_sock" },
    { "TCPv6", "tcp6_sock" },
    { "UDP", "udp_sock" },
    { "UDPv6", "udp6_sock" },
    { "request_sock_TCP", "tcp_request_sock" },
    { "request_sock_TCPv6", "tcp_request_sock" },
    { "tw_sock_TCP", "tcp_timewait_sock" },
    { "tw_sock_TCPv6", "tcp_timewait_sock" },
};

static void type_of_cache(char *name, size_t len)
{
    for (size_t i = 0; i < sizeof cache_types / sizeof cache_types[0]; i++) {
        if (strcmp(name, cache_types[i][0]) == 0) {
            snprintf(name, len, "%s", cache_types[i][1]);
            return;
        }
    }
}

static const struct cache_info *cache_info(uint64_t cache)
{
    struct cache_info *c = &caches[(cache >> 6) & (CACHE_SLOTS - 1)];
    if (c->cache == cache)
        return c;
    uint64_t name_ptr = 0;
    uint32_t size = 0;
    if (!guest_read_u64(cache + (uint64_t)K.cache_name, &name_ptr) ||
        !guest_read(cache + (uint64_t)K.cache_object_size, &size, sizeof size) ||
        !guest_read_str(name_ptr, c->name, sizeof c->name))
        return NULL;
    type_of_cache(c->name, sizeof c->name);
    c->cache = cache;
    c->size = size;
    return c;
}

/*
 * Slab objects labelled before they are zeroed.  The allocator zeroes an object inside the call
 * (init_on_alloc, __GFP_ZERO: memset in slab_post_alloc_hook), before its return, where the label
 * was written: the zeroing stores counted as the slab page's, not the object's (on MOSBENCH Apache,
 * 1.2 % of the transfers).  At the entry the object SLUB's fast path will hand out is the head of
 * the cache's per-CPU freelist (kmem_cache->cpu_slab, this CPU's kmem_cache_cpu.freelist, a plain
 * pointer: only the links inside free objects are encoded): it is labelled then, and the return
 * corrects it when the call handed out another object (the slow path, a migration).  An interrupt
 * that allocates from the same cache in between takes that head itself: its return claims the
 * early label, which the interrupted call then leaves alone.
 */
enum { EARLY_DEPTH = 8 };
static struct early_slab {
    unsigned n;
    struct { uint64_t rsp_after, obj; bool claimed; } e[EARLY_DEPTH];
} early[MT_MAX_CPUS];

void on_slab_alloc_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct early_slab *x = &early[cpu];
    uint64_t cache = guest_reg(cpu, REG_RDI), rsp = guest_reg(cpu, REG_RSP), site = 0, cpu_slab = 0,
             offset = 0, obj = 0;
    const struct cache_info *c;
    if (K.cache_cpu_slab < 0 || K.cpu_slab_freelist < 0 || !K.per_cpu_offset_sym || !(c = cache_info(cache)) ||
        !guest_read_u64(rsp, &site) || !guest_read_u64(cache + (uint64_t)K.cache_cpu_slab, &cpu_slab) ||
        !guest_read_u64(K.per_cpu_offset_sym + 8 * (uint64_t)cpu, &offset) ||
        !guest_read_u64(cpu_slab + offset + (uint64_t)K.cpu_slab_freelist, &obj) || obj < MT_KERNEL_START ||
        guest_kernel_phys(obj) == 0)
        return;
    for (unsigned i = 0; i < x->n; i++)
        if (x->e[i].obj == obj)
            return; /* an interrupted call of this CPU labelled it already */
    if (x->n == EARLY_DEPTH) { /* returns were missed: drop the oldest */
        memmove(&x->e[0], &x->e[1], sizeof x->e[0] * (EARLY_DEPTH - 1));
        x->n--;
    }
    x->e[x->n].rsp_after = rsp + 8;
    x->e[x->n].obj = obj;
    x->e[x->n].claimed = false;
    x->n++;
    label_alloc(cpu, MT_LABEL_HEAP, c->name, obj, c->size, site);
}

/*
 * The early label of the call returning now (RSP after its return), taken off its list: 0 if none.
 * Searched on every CPU, since the call may have slept and moved (a stack pointer names one call).
 */
static uint64_t take_early(unsigned cpu, uint64_t obj, bool *claimed)
{
    uint64_t rsp = guest_reg(cpu, REG_RSP), mine = 0;
    for (unsigned k = 0; k < R.ncpus && k < MT_MAX_CPUS && !mine; k++) {
        struct early_slab *x = &early[k];
        for (unsigned i = x->n; i-- > 0;) {
            if (x->e[i].rsp_after == rsp) {
                mine = x->e[i].obj;
                *claimed = x->e[i].claimed;
                memmove(&x->e[i], &x->e[i + 1], sizeof x->e[0] * (x->n - i - 1));
                x->n--;
                break;
            }
        }
    }
    struct early_slab *own = &early[cpu];
    for (unsigned i = 0; i < own->n; i++)
        if (own->e[i].obj == obj)
            own->e[i].claimed = true; /* an interrupted call's head, handed out here */
    return mine;
}

void slab_cache_return(unsigned cpu, uint64_t cache, uint64_t unused, uint64_t obj, uint64_t site)
{
    (void)unused;
    bool claimed = false;
    uint64_t labelled = take_early(cpu, obj, &claimed);
    if (labelled && labelled == obj)
        return; /* labelled at the entry */
    if (labelled && !claimed)
        label_free(cpu, MT_LABEL_HEAP, labelled, site); /* another object was handed out */
    const struct cache_info *c = obj ? cache_info(cache) : NULL;
    if (c)
        label_alloc(cpu, MT_LABEL_HEAP, c->name, obj, c->size, site);
}

static unsigned kmalloc_class(uint64_t size)
{
    if (size <= 8) return 8;
    if (size > 64 && size <= 96) return 96;
    if (size > 128 && size <= 192) return 192;
    unsigned c = 16;
    while (c < size)
        c <<= 1;
    return c;
}

void kmalloc_return(unsigned cpu, uint64_t size, uint64_t unused, uint64_t obj, uint64_t site)
{
    (void)unused;
    if (obj < MT_KERNEL_START || size == 0)
        return;
    char name[32];
    snprintf(name, sizeof name, "kmalloc-%u", kmalloc_class(size));
    label_alloc(cpu, MT_LABEL_HEAP, name, obj, size, site);
}

void on_kmem_cache_free(unsigned cpu, const struct hook *h)
{
    (void)h;
    label_free(cpu, MT_LABEL_HEAP, guest_reg(cpu, REG_RSI), 0);
}

void on_kfree(unsigned cpu, const struct hook *h)
{
    (void)h;
    label_free(cpu, MT_LABEL_HEAP, guest_reg(cpu, REG_RDI), 0);
}

void on_kmem_cache_free_bulk(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t n = guest_reg(cpu, REG_RSI), array = guest_reg(cpu, REG_RDX);
    for (uint64_t i = 0; i < n && i < 1024; i++) {
        uint64_t obj;
        if (!guest_read_u64(array + 8 * i, &obj))
            break;
        label_free(cpu, MT_LABEL_HEAP, obj, 0);
    }
}

/* ---- pages ------------------------------------------------------------ */

static uint64_t kernel_var(uint64_t sym, uint64_t fallback)
{
    uint64_t v = 0;
    if (sym && guest_read_u64(sym, &v) && v)
        return v;
    return fallback;
}

uint64_t page_address(uint64_t page)
{
    uint64_t vmemmap = kernel_var(K.vmemmap_base_sym, 0xffffea0000000000ULL);
    uint64_t direct = kernel_var(K.page_offset_base_sym, 0xffff888000000000ULL);
    if (page < vmemmap)
        return 0;
    return direct + ((page - vmemmap) / K.page_size) * 4096;
}

/*
 * A page block is labelled before the allocator zeroes it (__GFP_ZERO,
 * init_on_alloc): labelled only at __alloc_pages' return, the zeroing stores
 * fell on unlabelled direct-map memory.  post_alloc_hook() is inlined into
 * the buddy allocator's own path, so the hooks are its out-of-line copy (other
 * allocator paths) and the clear_page variants, which zero each page of the
 * block inside the __alloc_pages call.  The label's pc is still the allocation
 * site, the return address of the __alloc_pages call under way on that CPU (a
 * small stack per CPU: an interrupt may allocate pages inside an allocation).
 */
enum { SITE_DEPTH = 4 };
static struct alloc_sites {
    unsigned n;
    uint64_t site[SITE_DEPTH];
    uint64_t order[SITE_DEPTH];
    uint64_t gfp[SITE_DEPTH];
    uint64_t labelled[SITE_DEPTH]; /* block labelled early in that call, or 0 */
    bool bulk[SITE_DEPTH];         /* a bulk call: every page it zeroes is a block of its own */
} sites[MT_MAX_CPUS];

void on_alloc_pages_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct alloc_sites *s = &sites[cpu];
    uint64_t ret = 0;
    guest_read_u64(guest_reg(cpu, REG_RSP), &ret);
    if (s->n == SITE_DEPTH) /* returns were missed: start over */
        s->n = 0;
    s->site[s->n] = ret;
    s->order[s->n] = guest_reg(cpu, REG_RSI);
    s->gfp[s->n] = guest_reg(cpu, REG_RDI);
    s->labelled[s->n] = 0;
    s->bulk[s->n] = false;
    s->n++;
}

/*
 * __alloc_pages_bulk / alloc_pages_bulk_noprof(gfp, nid, nodemask, nr_pages, list, array): vmalloc
 * (and so VMAP_STACK) takes its order-0 pages from here, past __alloc_pages; each page it zeroes
 * (__GFP_ZERO: a new task's stack) is labelled at its clear_page.  Pages not zeroed are not
 * labelled: they are used through their vmalloc address.
 */
void on_alloc_pages_bulk_entry(unsigned cpu, const struct hook *h)
{
    on_alloc_pages_entry(cpu, h);
    struct alloc_sites *s = &sites[cpu];
    s->order[s->n - 1] = 0;
    s->bulk[s->n - 1] = true;
}

void pages_bulk_return(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site)
{
    (void)a0, (void)a1, (void)ret, (void)site;
    struct alloc_sites *s = &sites[cpu];
    if (s->n > 0 && s->bulk[s->n - 1])
        s->n--;
}

void on_clear_page(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct alloc_sites *s = &sites[cpu];
    if (s->n == 0 || s->labelled[s->n - 1] || s->order[s->n - 1] >= 20)
        return; /* not inside an allocation (a fault clearing a page it holds), or labelled already */
    uint64_t bytes = 4096ULL << s->order[s->n - 1];
    uint64_t addr = guest_reg(cpu, REG_RDI);
    if (guest_kernel_phys(addr) == 0 || addr >= 0xffffffff80000000ULL)
        return; /* not a direct-map address */
    addr &= ~(bytes - 1); /* buddy blocks are aligned to their size, and so is the direct map */
    if (!s->bulk[s->n - 1])
        s->labelled[s->n - 1] = addr;
    label_alloc(cpu, MT_LABEL_BLOCK, page_block_name(cpu, s->gfp[s->n - 1]), addr, bytes, s->site[s->n - 1]);
}

void on_post_alloc_hook(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct alloc_sites *s = &sites[cpu];
    uint64_t addr = page_address(guest_reg(cpu, REG_RDI)), order = guest_reg(cpu, REG_RSI);
    if (!addr || order >= 20)
        return;
    uint64_t site = 0;
    if (s->n > 0) {
        site = s->site[s->n - 1];
        s->labelled[s->n - 1] = addr;
    } else {
        guest_read_u64(guest_reg(cpu, REG_RSP), &site); /* another allocator path: its caller */
    }
    label_alloc(cpu, MT_LABEL_BLOCK, page_block_name(cpu, guest_reg(cpu, REG_RDX)), addr, 4096ULL << order, site);
}

void pages_return(unsigned cpu, uint64_t order, uint64_t gfp, uint64_t page, uint64_t site)
{
    struct alloc_sites *s = &sites[cpu];
    uint64_t labelled = 0;
    if (s->n > 0)
        labelled = s->labelled[--s->n];
    uint64_t addr = page ? page_address(page) : 0;
    if (addr && order < 20 && addr != labelled) /* post_alloc_hook not hooked, or not reached */
        label_alloc(cpu, MT_LABEL_BLOCK, page_block_name(cpu, gfp), addr, 4096ULL << order, site);
}

void on_page_free(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t page = guest_reg(cpu, REG_RDI);
    label_free(cpu, MT_LABEL_BLOCK, page_address(page), 0);
}

/* ---- region labels (kernel_stacks.c, page_purpose.c) -------------------- */

void label_region(unsigned cpu, const char *name, uint64_t addr, uint64_t bytes)
{
    label_alloc(cpu, MT_LABEL_BLOCK, name, addr, bytes, 0);
}

/* Memory whose C type is known (memblock structures): a heap label named by its type. */
void label_typed(unsigned cpu, const char *type, uint64_t addr, uint64_t bytes)
{
    label_alloc(cpu, MT_LABEL_HEAP, type, addr, bytes, 0);
}

/* The block of `page` gets a new name; its size is the live label's (one page if none). */
void relabel_page_block(unsigned cpu, uint64_t page, const char *name, uint64_t pc)
{
    uint64_t addr = page_address(page), bytes = 4096;
    if (!addr)
        return;
    u64map_get(&live_labels, live_key(addr, MT_LABEL_BLOCK), &bytes);
    label_alloc(cpu, MT_LABEL_BLOCK, name, addr, bytes, pc);
}

const char *slab_cache_name(uint64_t cache)
{
    const struct cache_info *c = cache_info(cache);
    return c ? c->name : NULL;
}
