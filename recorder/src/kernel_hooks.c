#include "kernel_hooks.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "recorder.h"
#include "u64map.h"

/* ---- hook table ------------------------------------------------------- */

/* Layout facts about the kernel, from the table's `offset`, `size` and `symbol` lines. */
static struct {
    int64_t task_pid, task_tgid, task_comm;   /* offsets in struct task_struct */
    int64_t cache_name, cache_object_size;    /* offsets in struct kmem_cache */
    uint64_t page_size;                       /* sizeof(struct page) */
    uint64_t page_offset_base_sym, vmemmap_base_sym, sys_call_table;
    uint64_t per_cpu_offset_sym, per_cpu_start, per_cpu_end; /* per-CPU areas */
} K = { -1, -1, -1, -1, -1, 64, 0, 0, 0, 0, 0, 0 };

struct hook;
typedef void (*entry_fn)(unsigned cpu, const struct hook *h);
typedef void (*return_fn)(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site);

struct hook {
    const char *name;
    entry_fn on_entry;
    return_fn on_return; /* NULL: nothing to do at return */
    unsigned arg_for_return[2]; /* which registers on_entry keeps for on_return */
    unsigned needs;             /* layout facts the handlers read */
};

enum { NEEDS_TASK = 1, NEEDS_CACHE = 2 };

static struct u64map entry_hooks;  /* function address -> struct hook * */
static struct u64map return_sites; /* return address -> 1 */
static unsigned n_hooks;

/* ---- per-CPU and per-task call-stack state ---------------------------- */

enum { MAX_LEVELS = 8, SYSCALL_TABLE_SLOTS = 512, PENDING_SLOTS = 4096 };
#define IRQ_TID_BASE 0x100000000ULL /* synthetic owner of interrupt stacks */

struct level { uint64_t tid, tag, pc; bool irq; };

static struct cpu_ctx {
    uint64_t task, pid;
    unsigned n;
    struct level lv[MAX_LEVELS];
} cpus[MT_MAX_CPUS];

static struct u64map task_tag;    /* task_struct address -> paused syscall tag */
static struct u64map task_pc;     /* task_struct address -> that syscall's entry pc */
static struct u64map task_comm;   /* task_struct address -> hash of last reported comm */
static struct u64map live_labels; /* guest address | block bit -> bytes */
static uint64_t next_tag = 1;
static uint64_t syscall_pc[SYSCALL_TABLE_SLOTS];

/* Calls waiting for their return value, keyed by the stack pointer after return. */
static struct pending {
    uint64_t rsp, ret_addr, a0, a1;
    const struct hook *h;
} pending[PENDING_SLOTS];

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
static void label_free(unsigned cpu, uint32_t type, uint64_t addr, uint64_t pc)
{
    if (addr == 0 || !u64map_remove(&live_labels, live_key(addr, type)))
        return;
    put_label(cpu, type, "", addr, 0, pc);
}

static void label_alloc(unsigned cpu, uint32_t type, const char *name, uint64_t addr, uint64_t bytes,
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
    c->cache = cache;
    c->size = size;
    return c;
}

static void slab_cache_return(unsigned cpu, uint64_t cache, uint64_t unused, uint64_t obj, uint64_t site)
{
    (void)unused;
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

static void kmalloc_return(unsigned cpu, uint64_t size, uint64_t unused, uint64_t obj, uint64_t site)
{
    (void)unused;
    if (obj < MT_KERNEL_START || size == 0)
        return;
    char name[32];
    snprintf(name, sizeof name, "kmalloc-%u", kmalloc_class(size));
    label_alloc(cpu, MT_LABEL_HEAP, name, obj, size, site);
}

static void on_kmem_cache_free(unsigned cpu, const struct hook *h)
{
    (void)h;
    label_free(cpu, MT_LABEL_HEAP, guest_reg(cpu, REG_RSI), 0);
}

static void on_kfree(unsigned cpu, const struct hook *h)
{
    (void)h;
    label_free(cpu, MT_LABEL_HEAP, guest_reg(cpu, REG_RDI), 0);
}

static void on_kmem_cache_free_bulk(unsigned cpu, const struct hook *h)
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

static uint64_t page_address(uint64_t page)
{
    uint64_t vmemmap = kernel_var(K.vmemmap_base_sym, 0xffffea0000000000ULL);
    uint64_t direct = kernel_var(K.page_offset_base_sym, 0xffff888000000000ULL);
    if (page < vmemmap)
        return 0;
    return direct + ((page - vmemmap) / K.page_size) * 4096;
}

static void pages_return(unsigned cpu, uint64_t order, uint64_t unused, uint64_t page, uint64_t site)
{
    (void)unused;
    uint64_t addr = page ? page_address(page) : 0;
    if (addr && order < 20)
        label_alloc(cpu, MT_LABEL_BLOCK, "pages", addr, 4096ULL << order, site);
}

static void on_page_free(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t page = guest_reg(cpu, REG_RDI);
    label_free(cpu, MT_LABEL_BLOCK, page_address(page), 0);
}

/* ---- tasks, system calls, interrupts ---------------------------------- */

static uint64_t hash_comm(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 1099511628211ULL;
    return h | 1;
}

static void put_task(unsigned cpu, uint64_t pid, uint64_t tgid, uint32_t kind, const char *comm)
{
    uint8_t *e = rec_entry(MT_TASK, MT_SIZE_TASK, cpu);
    mt_put64(e, MT_TASK_TID, pid);
    mt_put64(e, MT_TASK_TGID, tgid);
    mt_put32(e, MT_TASK_TYPE, kind);
    mt_put_str(e, MT_TASK_STR, comm);
}

/*
 * One segment entry per CPU declaring its per-CPU area, so mscan can label
 * per-CPU variables (FORMAT.md 5.5).  Written once, at the first context
 * switch, when the kernel has long set up __per_cpu_offset[].
 */
static void declare_percpu_segments(unsigned cpu)
{
    static bool done;
    if (done || !K.per_cpu_offset_sym || K.per_cpu_end <= K.per_cpu_start)
        return;
    done = true;
    for (unsigned c = 0; c < R.ncpus; c++) {
        uint64_t off;
        if (!guest_read_u64(K.per_cpu_offset_sym + 8 * (uint64_t)c, &off) || off == 0)
            continue;
        uint8_t *e = rec_entry(MT_SEGMENT, MT_SIZE_SEGMENT, cpu);
        mt_put64(e, MT_SEGMENT_BASE, K.per_cpu_start + off);
        mt_put64(e, MT_SEGMENT_END, K.per_cpu_end + off);
        mt_put16(e, MT_SEGMENT_CPU, (uint16_t)c);
        mt_put32(e, MT_SEGMENT_TYPE, MT_LABEL_PERCPU);
    }
}

static void on_switch_to(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    declare_percpu_segments(cpu);
    uint64_t next = guest_reg(cpu, REG_RSI);
    /* Park the outgoing task's call stack. */
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_PAUSE);
        if (!c->lv[0].irq && c->task) {
            u64map_put(&task_tag, c->task, c->lv[0].tag);
            u64map_put(&task_pc, c->task, c->lv[0].pc);
        }
        c->n = 0;
    }
    int32_t ids[2] = { 0, 0 };
    char comm[17] = "";
    guest_read(next + (uint64_t)K.task_pid, &ids[0], 4);
    guest_read(next + (uint64_t)K.task_tgid, &ids[1], 4);
    guest_read(next + (uint64_t)K.task_comm, comm, 16);
    comm[16] = 0;
    c->task = next;
    c->pid = (uint64_t)ids[0];

    uint8_t *e = rec_entry(MT_SCHED, MT_SIZE_SCHED, cpu);
    mt_put64(e, MT_SCHED_TID, c->pid);

    uint64_t seen, hc = hash_comm(comm);
    bool known = u64map_get(&task_comm, next, &seen);
    if (!known || seen != hc) {
        put_task(cpu, c->pid, (uint64_t)ids[1], known ? MT_TASK_UPDATE : MT_TASK_INIT, comm);
        u64map_put(&task_comm, next, hc);
    }
    uint64_t tag, pc = 0;
    if (u64map_get(&task_tag, next, &tag)) {
        u64map_get(&task_pc, next, &pc);
        u64map_remove(&task_tag, next);
        u64map_remove(&task_pc, next);
        c->lv[0] = (struct level){ c->pid, tag, pc, false };
        c->n = 1;
        rec_fcall(cpu, c->pid, pc, tag, 0, MT_FCALL_RESUME);
    }
}

static void end_syscall(unsigned cpu)
{
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n == 1 && !c->lv[0].irq) {
        rec_fcall(cpu, c->lv[0].tid, c->lv[0].pc, c->lv[0].tag, 0, MT_FCALL_DONE);
        c->n = 0;
    }
}

static void on_syscall_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    int64_t nr = (int32_t)guest_reg(cpu, REG_RSI);
    uint64_t pc = 0;
    if (nr >= 0 && nr < SYSCALL_TABLE_SLOTS && K.sys_call_table) {
        if (!syscall_pc[nr])
            guest_read_u64(K.sys_call_table + 8 * (uint64_t)nr, &syscall_pc[nr]);
        pc = syscall_pc[nr];
    }
    end_syscall(cpu); /* an unfinished previous syscall (missed exit) */
    if (c->n != 0)
        return;
    c->lv[0] = (struct level){ c->pid, next_tag++, pc, false };
    c->n = 1;
    rec_fcall(cpu, c->pid, pc, c->lv[0].tag, 0, MT_FCALL_START);
}

static void on_syscall_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    end_syscall(cpu);
}

static void on_irq_enter(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n >= MAX_LEVELS)
        return;
    uint64_t pc = 0;
    guest_read_u64(guest_reg(cpu, REG_RSP), &pc); /* return address: inside the vector's handler */
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_PAUSE);
    }
    struct level *l = &c->lv[c->n];
    *l = (struct level){ IRQ_TID_BASE + cpu * MAX_LEVELS + c->n, next_tag++, pc, true };
    rec_fcall(cpu, l->tid, l->pc, l->tag, (uint16_t)c->n, MT_FCALL_START);
    c->n++;
}

static void on_irq_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n == 0 || !c->lv[c->n - 1].irq)
        return;
    struct level *l = &c->lv[--c->n];
    rec_fcall(cpu, l->tid, l->pc, l->tag, (uint16_t)c->n, MT_FCALL_DONE);
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_RESUME);
    }
}

static void on_do_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    end_syscall(cpu);
    if (!c->task)
        return;
    int32_t tgid = 0;
    char comm[17] = "";
    guest_read(c->task + (uint64_t)K.task_tgid, &tgid, 4);
    guest_read(c->task + (uint64_t)K.task_comm, comm, 16);
    comm[16] = 0;
    put_task(cpu, c->pid, (uint64_t)tgid, MT_TASK_EXIT, comm);
    u64map_remove(&task_comm, c->task);
    u64map_remove(&task_tag, c->task);
    u64map_remove(&task_pc, c->task);
}

/* ---- calls that need their return value ------------------------------- */

static struct pending *pending_slot(uint64_t rsp)
{
    return &pending[(rsp >> 3) & (PENDING_SLOTS - 1)];
}

static void remember_call(unsigned cpu, const struct hook *h)
{
    static const enum guest_reg args[] = { REG_RDI, REG_RSI, REG_RDX, REG_RCX };
    uint64_t rsp = guest_reg(cpu, REG_RSP), ret = 0;
    if (!guest_read_u64(rsp, &ret))
        return;
    struct pending *p = pending_slot(rsp + 8);
    R.stats.hooked_calls++;
    *p = (struct pending){ rsp + 8, ret, guest_reg(cpu, args[h->arg_for_return[0]]),
                           guest_reg(cpu, args[h->arg_for_return[1]]), h };
    if (!u64map_get(&return_sites, ret, NULL))
        u64map_put(&return_sites, ret, 1);
}

static void on_return_site(unsigned cpu, void *udata)
{
    uint64_t site = (uint64_t)(uintptr_t)udata;
    rec_lock();
    uint64_t rsp = guest_reg(cpu, REG_RSP);
    struct pending *p = pending_slot(rsp);
    if (p->h && p->rsp == rsp && p->ret_addr == site) {
        const struct hook *h = p->h;
        p->h = NULL;
        R.stats.hooked_returns++;
        h->on_return(cpu, p->a0, p->a1, guest_reg(cpu, REG_RAX), site);
    }
    rec_unlock();
}

static void on_hooked_entry(unsigned cpu, void *udata)
{
    const struct hook *h = udata;
    rec_lock();
    if (h->on_entry)
        h->on_entry(cpu, h);
    if (h->on_return)
        remember_call(cpu, h);
    rec_unlock();
}

/* Argument register indexes for arg_for_return: 0 RDI, 1 RSI, 2 RDX, 3 RCX. */
static const struct hook known_hooks[] = {
    { "kmem_cache_alloc", NULL, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmem_cache_alloc_lru", NULL, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmem_cache_alloc_node", NULL, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmalloc_trace", NULL, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmalloc_node_trace", NULL, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "__kmalloc", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "__kmalloc_node", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "__kmalloc_node_track_caller", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "kmem_cache_free", on_kmem_cache_free, NULL, { 0, 0 }, 0 },
    { "kfree", on_kfree, NULL, { 0, 0 }, 0 },
    { "kmem_cache_free_bulk", on_kmem_cache_free_bulk, NULL, { 0, 0 }, 0 },
    { "__alloc_pages", NULL, pages_return, { 1, 1 }, 0 },
    { "__free_pages", on_page_free, NULL, { 0, 0 }, 0 },
    { "free_unref_page", on_page_free, NULL, { 0, 0 }, 0 },
    { "__switch_to", on_switch_to, NULL, { 0, 0 }, NEEDS_TASK },
    { "do_syscall_64", on_syscall_entry, NULL, { 0, 0 }, 0 },
    { "syscall_exit_to_user_mode", on_syscall_exit, NULL, { 0, 0 }, 0 },
    { "irq_enter_rcu", on_irq_enter, NULL, { 0, 0 }, 0 },
    { "irq_exit_rcu", on_irq_exit, NULL, { 0, 0 }, 0 },
    { "do_exit", on_do_exit, NULL, { 0, 0 }, NEEDS_TASK },
};

static const struct hook *known_hook(const char *name)
{
    for (size_t i = 0; i < sizeof known_hooks / sizeof known_hooks[0]; i++)
        if (strcmp(known_hooks[i].name, name) == 0)
            return &known_hooks[i];
    return NULL;
}

/* ---- table loading ---------------------------------------------------- */

static bool set_layout(const char *kind, const char *name, uint64_t v)
{
    struct { const char *kind, *name; void *dst; bool is_signed; } fields[] = {
        { "offset", "task_struct.pid", &K.task_pid, true },
        { "offset", "task_struct.tgid", &K.task_tgid, true },
        { "offset", "task_struct.comm", &K.task_comm, true },
        { "offset", "kmem_cache.name", &K.cache_name, true },
        { "offset", "kmem_cache.object_size", &K.cache_object_size, true },
        { "size", "page", &K.page_size, false },
        { "symbol", "page_offset_base", &K.page_offset_base_sym, false },
        { "symbol", "vmemmap_base", &K.vmemmap_base_sym, false },
        { "symbol", "sys_call_table", &K.sys_call_table, false },
        { "symbol", "__per_cpu_offset", &K.per_cpu_offset_sym, false },
        { "symbol", "__per_cpu_start", &K.per_cpu_start, false },
        { "symbol", "__per_cpu_end", &K.per_cpu_end, false },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].kind, kind) == 0 && strcmp(fields[i].name, name) == 0) {
            if (fields[i].is_signed)
                *(int64_t *)fields[i].dst = (int64_t)v;
            else
                *(uint64_t *)fields[i].dst = v;
            return true;
        }
    }
    return false;
}

/* A hook whose layout facts are missing from the table is not installed. */
static const char *missing_layout(const struct hook *h)
{
    if ((h->needs & NEEDS_TASK) && (K.task_pid < 0 || K.task_tgid < 0 || K.task_comm < 0))
        return "offset task_struct.pid/tgid/comm";
    if ((h->needs & NEEDS_CACHE) && (K.cache_name < 0 || K.cache_object_size < 0))
        return "offset kmem_cache.name/object_size";
    return NULL;
}

bool hooks_load(const char *path)
{
    enum { MAX_FUNCS = 256 };
    struct func_line { const struct hook *h; uint64_t addr; } funcs[MAX_FUNCS];
    size_t n_funcs = 0;
    u64map_init(&entry_hooks, 64);
    u64map_init(&return_sites, 4096);
    u64map_init(&task_tag, 1024);
    u64map_init(&task_pc, 1024);
    u64map_init(&task_comm, 1024);
    u64map_init(&live_labels, 1 << 16);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "mtrace: cannot open hook table %s: %s\n", path, strerror(errno));
        return false;
    }
    char line[512];
    unsigned lineno = 0;
    bool ok = true;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char kind[32], name[128], value[64];
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        int n = sscanf(line, "%31s %127s %63s", kind, name, value);
        if (n <= 0)
            continue;
        char *end = NULL;
        errno = 0;
        uint64_t v = n == 3 ? strtoull(value, &end, 0) : 0;
        if (n != 3 || errno || !end || *end) {
            fprintf(stderr, "mtrace: %s:%u: expected 'KIND NAME VALUE'\n", path, lineno);
            ok = false;
            break;
        }
        if (strcmp(kind, "func") == 0) {
            const struct hook *h = known_hook(name);
            if (!h) {
                fprintf(stderr, "mtrace: %s:%u: no hook handler for function %s (ignored)\n", path, lineno, name);
                continue;
            }
            if (n_funcs < MAX_FUNCS)
                funcs[n_funcs++] = (struct func_line){ h, v };
        } else if (!set_layout(kind, name, v)) {
            fprintf(stderr, "mtrace: %s:%u: unknown entry '%s %s' (ignored)\n", path, lineno, kind, name);
        }
    }
    fclose(f);
    if (!ok)
        return false;
    /* Install hooks only now: layout lines may follow func lines. */
    for (size_t i = 0; i < n_funcs; i++) {
        const char *missing = missing_layout(funcs[i].h);
        if (missing) {
            fprintf(stderr, "mtrace: %s: no '%s' line: hook %s disabled\n", path, missing, funcs[i].h->name);
            continue;
        }
        u64map_put(&entry_hooks, funcs[i].addr, (uint64_t)(uintptr_t)funcs[i].h);
        n_hooks++;
    }
    return true;
}

unsigned hooks_count(void)
{
    return n_hooks;
}

void hooks_instrument(struct qemu_plugin_insn *insn, uint64_t vaddr)
{
    if (n_hooks == 0 || vaddr < MT_KERNEL_START)
        return;
    uint64_t h;
    rec_lock();
    bool is_entry = u64map_get(&entry_hooks, vaddr, &h);
    bool is_return_site = u64map_get(&return_sites, vaddr, NULL);
    rec_unlock();
    if (is_entry)
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_hooked_entry, QEMU_PLUGIN_CB_R_REGS,
                                               (void *)(uintptr_t)h);
    if (is_return_site)
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_return_site, QEMU_PLUGIN_CB_R_REGS,
                                               (void *)(uintptr_t)vaddr);
}
