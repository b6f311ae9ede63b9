/*
 * What a page-allocator block is for, as its label's name (docs/recorder.md
 * "Page purposes"), so mscan can name the region instead of "pages from
 * alloc_pages_mpol_noprof": every allocator call goes through the same few
 * wrappers on 6.12, so the allocation site alone names nothing.
 *
 * At allocation (the block is labelled before it is zeroed, kernel_memory.c):
 *  - inside a page-table allocator (__pte_alloc, pte_alloc_one, __pmd_alloc, ...,
 *    pgd_alloc),
 *    the slab allocator's allocate_slab, __vmalloc_node_range, a socket's
 *    skb_page_frag_refill or the boot's alloc_large_system_hash on this CPU's
 *    stack: that purpose (the innermost);
 *  - else with __GFP_MOVABLE (user-mappable memory: anonymous or page cache):
 *    "user page of PID (comm)", the task allocating;
 *  - else "pages" (mscan still names it by the allocating function).
 * Later, when the kernel tells: a block added to the page cache becomes
 * "page cache of inode N", one mapped as anonymous memory "anonymous page of
 * PID (comm)".
 */
#include <stdio.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"

/* include/linux/gfp_types.h, the same bit on 6.1 and 6.12 (___GFP_MOVABLE, ___GFP_MOVABLE_BIT 3) */
#define GFP_MOVABLE 0x08ULL

enum { CTX_DEPTH = 8 };

/* An allocator function under way: its purpose until it returns (rsp_after: RSP after its return). */
struct purpose_ctx { uint64_t rsp_after; char name[MT_STR_LEN]; };

static struct cpu_ctxs {
    unsigned n;
    struct purpose_ctx c[CTX_DEPTH];
    char buf[MT_STR_LEN]; /* page_block_name's result */
} ctxs[MT_MAX_CPUS];

void page_purpose_init(void)
{
    memset(ctxs, 0, sizeof ctxs);
}

static void push(unsigned cpu, const char *name)
{
    struct cpu_ctxs *x = &ctxs[cpu];
    if (x->n == CTX_DEPTH) { /* returns were missed: drop the oldest */
        memmove(&x->c[0], &x->c[1], sizeof x->c[0] * (CTX_DEPTH - 1));
        x->n--;
    }
    struct purpose_ctx *c = &x->c[x->n++];
    c->rsp_after = guest_reg(cpu, REG_RSP) + 8;
    snprintf(c->name, sizeof c->name, "%s", name);
}

/*
 * A function returns (the plugin caught its return site): drop its context,
 * searched on every CPU since the task may have slept and moved.
 */
void purpose_return(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site)
{
    (void)a0, (void)a1, (void)ret, (void)site;
    uint64_t rsp = guest_reg(cpu, REG_RSP);
    for (unsigned k = 0; k < R.ncpus && k < MT_MAX_CPUS; k++) {
        struct cpu_ctxs *x = &ctxs[k];
        for (unsigned i = x->n; i-- > 0;) {
            if (x->c[i].rsp_after == rsp) {
                memmove(&x->c[i], &x->c[i + 1], sizeof x->c[0] * (x->n - i - 1));
                x->n--;
                return;
            }
        }
    }
}

/*
 * A context applies to the code running now if it is on the same stack
 * (stacks are THREAD_SIZE-aligned vmalloc areas) and above the current stack
 * pointer: another task's or an interrupted frame's context does not.
 */
static const char *active_purpose(unsigned cpu)
{
    struct cpu_ctxs *x = &ctxs[cpu];
    uint64_t rsp = guest_reg(cpu, REG_RSP);
    uint64_t mask = ~((kernel_stack_bytes() ? kernel_stack_bytes() : 16384) - 1);
    for (unsigned i = x->n; i-- > 0;) {
        const struct purpose_ctx *c = &x->c[i];
        if (c->rsp_after > rsp && (c->rsp_after & mask) == (rsp & mask))
            return c->name;
    }
    return NULL;
}

const char *page_block_name(unsigned cpu, uint64_t gfp)
{
    const char *purpose = active_purpose(cpu);
    if (purpose)
        return purpose;
    if (!(gfp & GFP_MOVABLE) || !current_task(cpu, NULL))
        return "pages";
    char task[40];
    current_task_name(cpu, task, sizeof task);
    snprintf(ctxs[cpu].buf, sizeof ctxs[cpu].buf, "user page of %s", task);
    return ctxs[cpu].buf;
}

void on_page_table_alloc(unsigned cpu, const struct hook *h)
{
    (void)h;
    push(cpu, "page-table page");
}

/* __vmalloc_node_range(_noprof): the pages behind a vmalloc area (a task stack, ...) */
void on_vmalloc(unsigned cpu, const struct hook *h)
{
    (void)h;
    push(cpu, "vmalloc backing page");
}

/*
 * skb_page_frag_refill: the pages of a socket's page fragment, into which sendmsg copies the data
 * sent (tcp_sendmsg_locked through sk_page_frag_refill) and from which the receiver copies it out:
 * user data in transit, as a page-cache page is file data (on MOSBENCH Apache with loopback TCP,
 * seven of the eight per cent of transfers on pages of no known purpose).
 */
void on_page_frag_refill(unsigned cpu, const struct hook *h)
{
    (void)h;
    push(cpu, "socket data page");
}

/*
 * alloc_large_system_hash(tablename, bucketsize, ...) (__init: boot only): the hash tables the kernel
 * sizes by its memory (futex, TCP established and bind, UDP, mount points, ...).  Those allocated
 * after the early boot come from alloc_pages_exact (one memory node: no hashdist): the block
 * allocated inside is "hash table TABLENAME".  The early ones (dentry, inode) come from memblock
 * and are labelled in kernel_regions.c; one of 4 MiB or more is vmalloc'ed and keeps the innermost
 * purpose, vmalloc's.
 */
void on_large_system_hash(unsigned cpu, const struct hook *h)
{
    (void)h;
    char table[40], name[MT_STR_LEN];
    if (!guest_read_str(guest_reg(cpu, REG_RDI), table, sizeof table))
        strcpy(table, "?");
    snprintf(name, sizeof name, "hash table %s", table);
    push(cpu, name);
}

void on_allocate_slab(unsigned cpu, const struct hook *h)
{
    (void)h;
    const char *cache = slab_cache_name(guest_reg(cpu, REG_RDI));
    char name[MT_STR_LEN];
    snprintf(name, sizeof name, "slab page of %s", cache ? cache : "?");
    push(cpu, name);
}

static uint64_t caller(unsigned cpu)
{
    uint64_t ret = 0;
    guest_read_u64(guest_reg(cpu, REG_RSP), &ret);
    return ret;
}

static void page_cache(unsigned cpu, uint64_t mapping, uint64_t folio)
{
    uint64_t inode = 0, ino = 0;
    char name[MT_STR_LEN];
    if (KR.mapping_host < 0 || KR.inode_ino < 0 ||
        !guest_read_u64(mapping + (uint64_t)KR.mapping_host, &inode) || inode < MT_KERNEL_START ||
        !guest_read_u64(inode + (uint64_t)KR.inode_ino, &ino))
        snprintf(name, sizeof name, "page cache");
    else
        snprintf(name, sizeof name, "page cache of inode %llu", (unsigned long long)ino);
    relabel_page_block(cpu, folio, name, caller(cpu));
}

/* filemap_add_folio(mapping, folio, index, gfp) */
void on_filemap_add_folio(unsigned cpu, const struct hook *h)
{
    (void)h;
    page_cache(cpu, guest_reg(cpu, REG_RDI), guest_reg(cpu, REG_RSI));
}

/* shmem_add_to_page_cache(folio, mapping, index, expected, gfp[, mm]) */
void on_shmem_add_to_page_cache(unsigned cpu, const struct hook *h)
{
    (void)h;
    page_cache(cpu, guest_reg(cpu, REG_RSI), guest_reg(cpu, REG_RDI));
}

/* 6.1 page_add_new_anon_rmap(page, vma, address) / 6.12 folio_add_new_anon_rmap(folio, vma, address, flags) */
void on_anon_rmap(unsigned cpu, const struct hook *h)
{
    (void)h;
    char task[40], name[MT_STR_LEN];
    current_task_name(cpu, task, sizeof task);
    snprintf(name, sizeof name, "anonymous page of %s", task);
    relabel_page_block(cpu, guest_reg(cpu, REG_RDI), name, caller(cpu));
}
