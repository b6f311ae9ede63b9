/*
 * Shared by the kernel-hook files: the kernel layout read from the hook
 * table, the hook descriptor, and the handlers each file provides.
 */
#ifndef MTRACE_HOOK_DEFS_H
#define MTRACE_HOOK_DEFS_H

#include <stdbool.h>
#include <stdint.h>

/* Layout facts about the kernel, from the table's `offset`, `size` and `symbol` lines. */
struct kernel_layout {
    int64_t task_pid, task_tgid, task_comm;   /* offsets in struct task_struct (-1: unknown) */
    int64_t cache_name, cache_object_size;    /* offsets in struct kmem_cache (-1: unknown) */
    uint64_t page_size;                       /* sizeof(struct page) */
    uint64_t page_offset_base_sym, vmemmap_base_sym, sys_call_table;
    uint64_t per_cpu_offset_sym, per_cpu_start, per_cpu_end; /* per-CPU areas */
};
extern struct kernel_layout K;

struct hook;
typedef void (*entry_fn)(unsigned cpu, const struct hook *h);
typedef void (*return_fn)(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site);

struct hook {
    const char *name;
    entry_fn on_entry;
    return_fn on_return;        /* NULL: nothing to do at return */
    unsigned arg_for_return[2]; /* which registers on_entry keeps for on_return (0 RDI, 1 RSI, 2 RDX, 3 RCX) */
    unsigned needs;             /* layout facts the handlers read */
};

enum { NEEDS_TASK = 1, NEEDS_CACHE = 2 };

/* kernel_memory.c: slab and page allocator -> label entries */
void memory_hooks_init(void);
void slab_cache_return(unsigned cpu, uint64_t cache, uint64_t unused, uint64_t obj, uint64_t site);
void kmalloc_return(unsigned cpu, uint64_t size, uint64_t unused, uint64_t obj, uint64_t site);
void pages_return(unsigned cpu, uint64_t order, uint64_t unused, uint64_t page, uint64_t site);
void on_alloc_pages_entry(unsigned cpu, const struct hook *h);
void on_post_alloc_hook(unsigned cpu, const struct hook *h);
void on_clear_page(unsigned cpu, const struct hook *h);
void on_kmem_cache_free(unsigned cpu, const struct hook *h);
void on_kfree(unsigned cpu, const struct hook *h);
void on_kmem_cache_free_bulk(unsigned cpu, const struct hook *h);
void on_page_free(unsigned cpu, const struct hook *h);

/* kernel_tasks.c: context switches, system calls, interrupts -> sched/task/fcall/segment entries */
void task_hooks_init(void);
void on_switch_to(unsigned cpu, const struct hook *h);
void on_syscall_entry(unsigned cpu, const struct hook *h);
void on_syscall_exit(unsigned cpu, const struct hook *h);
void on_irq_enter(unsigned cpu, const struct hook *h);
void on_irq_exit(unsigned cpu, const struct hook *h);
void on_do_exit(unsigned cpu, const struct hook *h);

/* kernel_memory.c: labels this recorder created (a missed removal is retired when the address is reused) */
void label_alloc(unsigned cpu, uint32_t type, const char *name, uint64_t addr, uint64_t bytes, uint64_t pc);
void label_free(unsigned cpu, uint32_t type, uint64_t addr, uint64_t pc);

/* kernel_modules.c: module loading -> static labels "module:NAME:REGION" (docs/recorder.md) */
struct module_layout_facts {
    int64_t name;                 /* offset of module.name (char[56]) */
    int64_t core_layout, init_layout, layout_base, layout_size; /* 6.1: struct module_layout */
    int64_t mem, mem_base, mem_size; /* 6.4+: struct module_memory mem[MOD_MEM_NUM_TYPES] */
    uint64_t mem_stride;          /* sizeof(struct module_memory) */
};
extern struct module_layout_facts KM;
void on_do_init_module(unsigned cpu, const struct hook *h);
void module_init_return(unsigned cpu, uint64_t mod, uint64_t unused, uint64_t ret, uint64_t site);
void on_free_module(unsigned cpu, const struct hook *h);

#endif
