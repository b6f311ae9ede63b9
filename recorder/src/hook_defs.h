/*
 * Shared by the kernel-hook files: the kernel layout read from the hook
 * table, the hook descriptor, and the handlers each file provides.
 */
#ifndef MTRACE_HOOK_DEFS_H
#define MTRACE_HOOK_DEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Layout facts about the kernel, from the table's `offset`, `size` and `symbol` lines. */
struct kernel_layout {
    int64_t task_pid, task_tgid, task_comm;   /* offsets in struct task_struct (-1: unknown) */
    int64_t cache_name, cache_object_size;    /* offsets in struct kmem_cache (-1: unknown) */
    uint64_t page_size;                       /* sizeof(struct page) */
    uint64_t page_offset_base_sym, vmemmap_base_sym, sys_call_table;
    uint64_t per_cpu_offset_sym, per_cpu_start, per_cpu_end; /* per-CPU areas */
    int64_t regs_cs;                          /* offset of pt_regs.cs (-1: unknown) */
    uint64_t exc_page_fault_sym;              /* names the level a page fault from user mode opens */
    uint64_t softirq_sym;                     /* handle_softirqs: names the level softirqs run in */
    int64_t task_flags, task_worker_private;  /* offsets in struct task_struct (-1: unknown) */
    int64_t kthread_threadfn;                 /* offset of struct kthread's threadfn (-1: unknown) */
    int64_t work_func;                        /* offset of work_struct.func (-1: unknown) */
    int64_t cache_cpu_slab, cpu_slab_freelist; /* kmem_cache.cpu_slab, kmem_cache_cpu.freelist (-1: unknown) */
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

enum { NEEDS_TASK = 1, NEEDS_CACHE = 2, NEEDS_FAULT_ENTRY = 4, NEEDS_SOFTIRQ = 8, NEEDS_WORK = 16 };

/* kernel_memory.c: slab and page allocator -> label entries */
void memory_hooks_init(void);
void on_slab_alloc_entry(unsigned cpu, const struct hook *h);
void slab_cache_return(unsigned cpu, uint64_t cache, uint64_t unused, uint64_t obj, uint64_t site);
void kmalloc_return(unsigned cpu, uint64_t size, uint64_t unused, uint64_t obj, uint64_t site);
void pages_return(unsigned cpu, uint64_t order, uint64_t gfp, uint64_t page, uint64_t site);
void on_alloc_pages_entry(unsigned cpu, const struct hook *h);
void on_alloc_pages_bulk_entry(unsigned cpu, const struct hook *h);
void pages_bulk_return(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site);
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
void on_user_fault_entry(unsigned cpu, const struct hook *h);
void on_exit_to_user_mode(unsigned cpu, const struct hook *h);
void on_softirq_entry(unsigned cpu, const struct hook *h);
void on_work_entry(unsigned cpu, const struct hook *h);
/* kernel_hooks.c calls it at every watched return site: ends a level whose function returned there. */
void levels_on_return(unsigned cpu, uint64_t rsp);
/* kernel_hooks.c: instrument this return address (once), so levels_on_return sees returns to it. */
void hooks_watch_return(uint64_t site);
void on_do_exit(unsigned cpu, const struct hook *h);
void on_task_dead(unsigned cpu, const struct hook *h);

/* kernel_faults.c: page faults and swap I/O -> page-fault entries (a sched variant) */
void fault_hooks_init(void);
/* Layout facts of the fault hooks (set from the hook table); -1 / 0: unknown. */
struct fault_layout {
    int64_t regs_ip, vma_start, vma_end; /* pt_regs.ip, vm_area_struct.vm_start / vm_end */
    uint64_t current_task_sym;           /* 6.1's per-CPU current_task (6.2+: pcpu_hot, in KR) */
};
extern struct fault_layout KF;
void on_fault_entry(unsigned cpu, const struct hook *h);
void fault_return(unsigned cpu, uint64_t address, uint64_t flags, uint64_t ret, uint64_t site);
void on_do_swap_page(unsigned cpu, const struct hook *h);
void swap_read_return(unsigned cpu, uint64_t page, uint64_t unused, uint64_t ret, uint64_t site);
void on_swap_write(unsigned cpu, const struct hook *h);
/* Layout facts of the region labels (kernel_stacks.c, page_purpose.c); -1 / 0: unknown. */
struct region_layout {
    int64_t task_stack, task_stack_vm_area, vm_struct_size; /* task_struct.stack, .stack_vm_area, vm_struct.size */
    int64_t pcpu_hot_hardirq_stack_ptr;                     /* 6.12: pcpu_hot.hardirq_stack_ptr */
    int64_t mapping_host, inode_ino;                        /* address_space.host, inode.i_ino */
    uint64_t hardirq_stack_ptr_sym, pcpu_hot_sym;
};
extern struct region_layout KR;

/* kernel_memory.c: block labels for the region hooks */
void label_region(unsigned cpu, const char *name, uint64_t addr, uint64_t bytes);
void relabel_page_block(unsigned cpu, uint64_t page, const char *name, uint64_t pc);
const char *slab_cache_name(uint64_t cache);

/* kernel_tasks.c: the task running on a CPU (0 before its first switch) */
uint64_t current_task(unsigned cpu, int32_t *pid);
/* "PID (comm)" of the task running on cpu into buf */
void current_task_name(unsigned cpu, char *buf, size_t len);
/* FNV-1a of a string, never 0 (u64map values) */
uint64_t hash_comm(const char *s);

/* kernel_stacks.c: task stacks, IRQ stacks, the per-CPU dynamic area -> block labels */
void stack_hooks_init(void);
uint64_t kernel_stack_bytes(void);
void stacks_on_switch(unsigned cpu, uint64_t next, int32_t pid, const char *comm);
void stacks_label_cpus(unsigned cpu, unsigned ncpus);
void on_thread_stack_free(unsigned cpu, const struct hook *h);

/* Layout facts of the memblock regions (kernel_regions.c); -1 / 0: unknown. */
struct memblock_layout {
    int64_t chunk_base_addr, chunk_nr_pages, chunk_end_offset;      /* struct pcpu_chunk */
    int64_t chunk_alloc_map, chunk_bound_map, chunk_md_blocks;
    uint64_t pglist_data_size;                                      /* sizeof(struct pglist_data) */
    uint64_t pcpu_first_chunk_sym, pcpu_base_addr_sym, pcpu_chunk_struct_size_sym, node_data_sym;
    uint64_t dentry_hashtable_sym, d_hash_shift_sym, inode_hashtable_sym, i_hash_shift_sym;
};
extern struct memblock_layout KX;
void label_typed(unsigned cpu, const char *type, uint64_t addr, uint64_t bytes);

/* kernel_regions.c: memblock memory (per-CPU first chunk, pglist_data) -> labels, once */
void regions_label_once(unsigned cpu, unsigned ncpus);

/* page_purpose.c: what a page block is for -> its label's name */
void page_purpose_init(void);
const char *page_block_name(unsigned cpu, uint64_t gfp);
void on_page_table_alloc(unsigned cpu, const struct hook *h);
void on_allocate_slab(unsigned cpu, const struct hook *h);
void on_vmalloc(unsigned cpu, const struct hook *h);
void on_page_frag_refill(unsigned cpu, const struct hook *h);
void on_large_system_hash(unsigned cpu, const struct hook *h);
void purpose_return(unsigned cpu, uint64_t a0, uint64_t a1, uint64_t ret, uint64_t site);
void on_filemap_add_folio(unsigned cpu, const struct hook *h);
void on_shmem_add_to_page_cache(unsigned cpu, const struct hook *h);
void on_anon_rmap(unsigned cpu, const struct hook *h);
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
