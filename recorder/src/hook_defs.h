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
/* Direct-map address of a struct page (0 if it is not in the vmemmap); also used by kernel_faults.c. */
uint64_t page_address(uint64_t page);

/* kernel_tasks.c: context switches, system calls, interrupts -> sched/task/fcall/segment entries */
void task_hooks_init(void);
void on_switch_to(unsigned cpu, const struct hook *h);
void on_syscall_entry(unsigned cpu, const struct hook *h);
void on_syscall_exit(unsigned cpu, const struct hook *h);
void on_irq_enter(unsigned cpu, const struct hook *h);
void on_irq_exit(unsigned cpu, const struct hook *h);
void on_do_exit(unsigned cpu, const struct hook *h);

/* kernel_faults.c: page faults and swap I/O -> page-fault entries (a sched variant) */
void fault_hooks_init(void);
bool faults_set_layout(const char *kind, const char *name, uint64_t v);
void on_fault_entry(unsigned cpu, const struct hook *h);
void fault_return(unsigned cpu, uint64_t address, uint64_t flags, uint64_t ret, uint64_t site);
void on_do_swap_page(unsigned cpu, const struct hook *h);
void swap_read_return(unsigned cpu, uint64_t page, uint64_t unused, uint64_t ret, uint64_t site);
void on_swap_write(unsigned cpu, const struct hook *h);

#endif
