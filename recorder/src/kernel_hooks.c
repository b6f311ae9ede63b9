#include "kernel_hooks.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call_trace.h"
#include "entries.h"
#include "hook_defs.h"
#include "guest.h"
#include "recorder.h"
#include "vcpu_identity.h"
#include "u64map.h"

struct kernel_layout K = { -1, -1, -1, -1, -1, 64, 0, 0, 0, 0, 0, 0, -1, 0, 0, -1, -1, -1, -1, -1, -1 };
struct region_layout KR = { -1, -1, -1, -1, -1, -1, 0, 0 };
struct memblock_layout KX = { -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static struct u64map entry_hooks;  /* function address -> struct hook * */
static struct u64map return_sites; /* return address -> 1 */
static unsigned n_hooks;

enum { PENDING_SLOTS = 4096 };

/* Calls waiting for their return value, keyed by the stack pointer after return. */
static struct pending {
    uint64_t rsp, ret_addr, a0, a1;
    const struct hook *h;
} pending[PENDING_SLOTS];

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
    hooks_watch_return(ret);
}

static void on_return_site(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
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
    levels_on_return(cpu, rsp);
    rec_unlock();
    /*
     * The return that brought the CPU here, logged only now: a level (softirq, work item) starts
     * at its function's entry, after the call to it went into the outer call stack, and ends
     * here; logged at the block's start, the return went into the level's stack and the outer
     * one kept the call's frame (a frame more at every work item of a kworker's loop).
     */
    call_trace_block(cpu, site);
}

void hooks_watch_return(uint64_t site)
{
    if (!u64map_get(&return_sites, site, NULL))
        u64map_put(&return_sites, site, 1);
}

static void on_hooked_entry(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
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
    { "kmem_cache_alloc", on_slab_alloc_entry, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmem_cache_alloc_lru", on_slab_alloc_entry, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmem_cache_alloc_node", on_slab_alloc_entry, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmalloc_trace", on_slab_alloc_entry, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "kmalloc_node_trace", on_slab_alloc_entry, slab_cache_return, { 0, 0 }, NEEDS_CACHE },
    { "__kmalloc", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "__kmalloc_node", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "__kmalloc_node_track_caller", NULL, kmalloc_return, { 0, 0 }, 0 },
    { "kmem_cache_free", on_kmem_cache_free, NULL, { 0, 0 }, 0 },
    { "kfree", on_kfree, NULL, { 0, 0 }, 0 },
    { "kmem_cache_free_bulk", on_kmem_cache_free_bulk, NULL, { 0, 0 }, 0 },
    { "__alloc_pages", on_alloc_pages_entry, pages_return, { 1, 0 }, 0 }, /* order, gfp */
    { "post_alloc_hook", on_post_alloc_hook, NULL, { 0, 0 }, 0 },
    { "clear_page_rep", on_clear_page, NULL, { 0, 0 }, 0 }, /* the kernel patches in one of the three */
    { "clear_page_erms", on_clear_page, NULL, { 0, 0 }, 0 },
    { "clear_page_orig", on_clear_page, NULL, { 0, 0 }, 0 },
    { "__free_pages", on_page_free, NULL, { 0, 0 }, 0 },
    { "free_unref_page", on_page_free, NULL, { 0, 0 }, 0 },
    { "__switch_to", on_switch_to, NULL, { 0, 0 }, NEEDS_TASK },
    { "do_syscall_64", on_syscall_entry, NULL, { 0, 0 }, 0 },
    { "syscall_exit_to_user_mode", on_syscall_exit, NULL, { 0, 0 }, 0 },
    { "irq_enter_rcu", on_irq_enter, NULL, { 0, 0 }, 0 },
    { "irq_exit_rcu", on_irq_exit, NULL, { 0, 0 }, 0 },
    { "irq_exit", on_irq_exit, NULL, { 0, 0 }, 0 }, /* does not call irq_exit_rcu */
    { "exc_page_fault", on_user_fault_entry, NULL, { 0, 0 }, NEEDS_FAULT_ENTRY },
    { "irqentry_exit_to_user_mode", on_exit_to_user_mode, NULL, { 0, 0 }, 0 },
    { "handle_softirqs", on_softirq_entry, NULL, { 0, 0 }, NEEDS_SOFTIRQ },
    { "process_one_work", on_work_entry, NULL, { 0, 0 }, NEEDS_WORK },
    { "do_exit", on_do_exit, NULL, { 0, 0 }, NEEDS_TASK },
    { "do_task_dead", on_task_dead, NULL, { 0, 0 }, 0 },
    { "handle_mm_fault", on_fault_entry, fault_return, { 1, 2 }, NEEDS_TASK }, /* address, flags */
    { "do_swap_page", on_do_swap_page, NULL, { 0, 0 }, 0 },
    { "swap_readpage", NULL, swap_read_return, { 0, 0 }, NEEDS_TASK }, /* the page (6.12: folio) */
    { "__swap_writepage", on_swap_write, NULL, { 0, 0 }, NEEDS_TASK },
    { "__pte_alloc", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "__pte_alloc_kernel", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "__pmd_alloc", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "__pud_alloc", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "__p4d_alloc", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "pgd_alloc", on_page_table_alloc, purpose_return, { 0, 0 }, 0 },
    { "pte_alloc_one", on_page_table_alloc, purpose_return, { 0, 0 }, 0 }, /* also the fault path's preallocation */
    { "allocate_slab", on_allocate_slab, purpose_return, { 0, 0 }, NEEDS_CACHE },
    { "filemap_add_folio", on_filemap_add_folio, NULL, { 0, 0 }, 0 },
    { "shmem_add_to_page_cache", on_shmem_add_to_page_cache, NULL, { 0, 0 }, 0 },
    { "page_add_new_anon_rmap", on_anon_rmap, NULL, { 0, 0 }, NEEDS_TASK },
    { "__alloc_pages_bulk", on_alloc_pages_bulk_entry, pages_bulk_return, { 0, 0 }, 0 },
    { "__vmalloc_node_range", on_vmalloc, purpose_return, { 0, 0 }, 0 },
    { "skb_page_frag_refill", on_page_frag_refill, purpose_return, { 0, 0 }, 0 },
    { "alloc_large_system_hash", on_large_system_hash, purpose_return, { 0, 0 }, 0 },
    { "do_init_module", on_do_init_module, module_init_return, { 0, 0 }, 0 }, /* (struct module *) on 6.1 and 6.12 */
    { "free_module", on_free_module, NULL, { 0, 0 }, 0 },                   /* (struct module *) on 6.1 and 6.12 */
    { "thread_stack_free_rcu", on_thread_stack_free, NULL, { 0, 0 }, 0 },   /* (struct callback_head *) = the stack */
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
        { "offset", "kmem_cache.cpu_slab", &K.cache_cpu_slab, true },
        { "offset", "kmem_cache_cpu.freelist", &K.cpu_slab_freelist, true },
        { "size", "page", &K.page_size, false },
        { "symbol", "page_offset_base", &K.page_offset_base_sym, false },
        { "symbol", "vmemmap_base", &K.vmemmap_base_sym, false },
        { "symbol", "sys_call_table", &K.sys_call_table, false },
        { "symbol", "__per_cpu_offset", &K.per_cpu_offset_sym, false },
        { "symbol", "__per_cpu_start", &K.per_cpu_start, false },
        { "symbol", "__per_cpu_end", &K.per_cpu_end, false },
        { "offset", "pt_regs.cs", &K.regs_cs, true },
        { "symbol", "exc_page_fault", &K.exc_page_fault_sym, false },
        { "symbol", "handle_softirqs", &K.softirq_sym, false },
        { "offset", "task_struct.flags", &K.task_flags, true },
        { "offset", "task_struct.worker_private", &K.task_worker_private, true },
        { "offset", "kthread.threadfn", &K.kthread_threadfn, true },
        { "offset", "work_struct.func", &K.work_func, true },
        { "offset", "task_struct.stack", &KR.task_stack, true },
        { "offset", "task_struct.stack_vm_area", &KR.task_stack_vm_area, true },
        { "offset", "vm_struct.size", &KR.vm_struct_size, true },
        { "offset", "pcpu_hot.hardirq_stack_ptr", &KR.pcpu_hot_hardirq_stack_ptr, true },
        { "offset", "address_space.host", &KR.mapping_host, true },
        { "offset", "inode.i_ino", &KR.inode_ino, true },
        { "symbol", "hardirq_stack_ptr", &KR.hardirq_stack_ptr_sym, false },
        { "symbol", "pcpu_hot", &KR.pcpu_hot_sym, false },
        { "offset", "pcpu_chunk.base_addr", &KX.chunk_base_addr, true },
        { "offset", "pcpu_chunk.nr_pages", &KX.chunk_nr_pages, true },
        { "offset", "pcpu_chunk.end_offset", &KX.chunk_end_offset, true },
        { "offset", "pcpu_chunk.alloc_map", &KX.chunk_alloc_map, true },
        { "offset", "pcpu_chunk.bound_map", &KX.chunk_bound_map, true },
        { "offset", "pcpu_chunk.md_blocks", &KX.chunk_md_blocks, true },
        { "size", "pglist_data", &KX.pglist_data_size, false },
        { "symbol", "pcpu_first_chunk", &KX.pcpu_first_chunk_sym, false },
        { "symbol", "pcpu_base_addr", &KX.pcpu_base_addr_sym, false },
        { "symbol", "pcpu_chunk_struct_size", &KX.pcpu_chunk_struct_size_sym, false },
        { "symbol", "node_data", &KX.node_data_sym, false },
        { "symbol", "dentry_hashtable", &KX.dentry_hashtable_sym, false },
        { "symbol", "d_hash_shift", &KX.d_hash_shift_sym, false },
        { "symbol", "inode_hashtable", &KX.inode_hashtable_sym, false },
        { "symbol", "i_hash_shift", &KX.i_hash_shift_sym, false },
        { "offset", "pt_regs.ip", &KF.regs_ip, true },
        { "offset", "vm_area_struct.vm_start", &KF.vma_start, true },
        { "offset", "vm_area_struct.vm_end", &KF.vma_end, true },
        { "symbol", "current_task", &KF.current_task_sym, false },
        { "offset", "module.name", &KM.name, true },
        { "offset", "module.core_layout", &KM.core_layout, true },
        { "offset", "module.init_layout", &KM.init_layout, true },
        { "offset", "module_layout.base", &KM.layout_base, true },
        { "offset", "module_layout.size", &KM.layout_size, true },
        { "offset", "module.mem", &KM.mem, true },
        { "offset", "module_memory.base", &KM.mem_base, true },
        { "offset", "module_memory.size", &KM.mem_size, true },
        { "size", "module_memory", &KM.mem_stride, false },
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
    if ((h->needs & NEEDS_FAULT_ENTRY) && (K.regs_cs < 0 || !K.exc_page_fault_sym))
        return "offset pt_regs.cs / symbol exc_page_fault";
    if ((h->needs & NEEDS_SOFTIRQ) && !K.softirq_sym)
        return "symbol handle_softirqs";
    if ((h->needs & NEEDS_WORK) && K.work_func < 0)
        return "offset work_struct.func";
    return NULL;
}

bool hooks_load(const char *path)
{
    enum { MAX_FUNCS = 256 };
    struct func_line { const struct hook *h; uint64_t addr; } funcs[MAX_FUNCS];
    size_t n_funcs = 0;
    u64map_init(&entry_hooks, 64);
    u64map_init(&return_sites, 4096);
    memory_hooks_init();
    task_hooks_init();
    fault_hooks_init();
    stack_hooks_init();
    page_purpose_init();
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

bool hooks_is_return_site(uint64_t vaddr)
{
    if (n_hooks == 0 || vaddr < MT_KERNEL_START)
        return false;
    rec_lock();
    bool is_return_site = u64map_get(&return_sites, vaddr, NULL);
    rec_unlock();
    return is_return_site;
}

void hooks_instrument(struct qemu_plugin_insn *insn, uint64_t vaddr, int return_site)
{
    if (n_hooks == 0 || vaddr < MT_KERNEL_START)
        return;
    bool is_return_site = return_site < 0 ? hooks_is_return_site(vaddr) : return_site;
    uint64_t h;
    rec_lock();
    bool is_entry = u64map_get(&entry_hooks, vaddr, &h);
    rec_unlock();
    if (is_entry)
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_hooked_entry, QEMU_PLUGIN_CB_R_REGS,
                                               (void *)(uintptr_t)h);
    if (is_return_site)
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_return_site, QEMU_PLUGIN_CB_R_REGS,
                                               (void *)(uintptr_t)vaddr);
}
