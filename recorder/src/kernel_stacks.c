/*
 * Kernel stacks -> block labels with their owner
 * (docs/recorder.md "Kernel stacks"), so mscan can say "stack of PID (comm)"
 * instead of "vmalloc area, unlabelled".
 *
 * Task stacks: with CONFIG_VMAP_STACK a task's stack is a vmalloc area,
 * task_struct.stack its lowest address, task_struct.stack_vm_area its
 * vm_struct whose size is the stack plus one guard page.  A stack is labelled
 * when its task is switched to (every task runs before its stack is used by
 * anyone else; labels are written from boot on) and again when the owner
 * changes: the kernel caches freed stacks and hands them to new tasks.
 *
 * A dead task's stack is relabelled "free task stack" when the kernel frees
 * it (thread_stack_free_rcu): it goes to a per-CPU cache, and the next fork
 * that takes it zeroes it (alloc_thread_stack_node's memset) before its new
 * owner first runs; without this the clearing counted for the dead owner.
 *
 * IRQ stacks are labelled at the context switches after their CPU came up.
 */
#include <stdio.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"
#include "u64map.h"

static struct u64map stack_owner; /* stack address -> hash of "PID (comm)" it is labelled with */
static uint64_t stack_bytes;      /* THREAD_SIZE, learnt from the first vm_struct read */
enum { FREE_OWNER = 0 };          /* stack_owner's value for a freed stack (hash_comm is never 0) */

enum { PAGE_BYTES = 4096, MAX_STACK_BYTES = 1 << 20 };

uint64_t kernel_stack_bytes(void)
{
    return stack_bytes;
}

void stack_hooks_init(void)
{
    u64map_init(&stack_owner, 1024);
}

/* Size of the stack at `stack` of `task`: its vm area minus the guard page (0: not known). */
static uint64_t task_stack_bytes(uint64_t task)
{
    if (stack_bytes)
        return stack_bytes; /* THREAD_SIZE is one constant per kernel */
    uint64_t vm = 0, size = 0;
    if (KR.task_stack_vm_area < 0 || KR.vm_struct_size < 0 ||
        !guest_read_u64(task + (uint64_t)KR.task_stack_vm_area, &vm) || vm == 0 ||
        !guest_read_u64(vm + (uint64_t)KR.vm_struct_size, &size))
        return 0;
    if (size <= PAGE_BYTES || size - PAGE_BYTES > MAX_STACK_BYTES || (size & (PAGE_BYTES - 1)))
        return 0;
    stack_bytes = size - PAGE_BYTES;
    return stack_bytes;
}

void stacks_on_switch(unsigned cpu, uint64_t next, int32_t pid, const char *comm)
{
    uint64_t stack = 0;
    if (KR.task_stack < 0 || !guest_read_u64(next + (uint64_t)KR.task_stack, &stack) ||
        stack < MT_KERNEL_START)
        return;
    uint64_t bytes = task_stack_bytes(next);
    if (!bytes)
        return; /* the idle task of CPU 0 (init_stack, a static label) has no vm area */
    char name[MT_STR_LEN];
    snprintf(name, sizeof name, "stack of %d (%s)", pid, comm);
    uint64_t h = hash_comm(name), seen;
    if (u64map_get(&stack_owner, stack, &seen) && seen == h)
        return;
    u64map_put(&stack_owner, stack, h);
    label_region(cpu, name, stack, bytes);
}

/*
 * thread_stack_free_rcu(struct callback_head *rh): rh is the rcu member at
 * offset 0 of the struct vm_stack the kernel writes at the base of a dead
 * task's stack (kernel/fork.c thread_stack_delayed_free: tsk->stack), so RDI
 * is the stack's address.  Only stacks labelled as a task's are relabelled.
 */
void on_thread_stack_free(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t stack = guest_reg(cpu, REG_RDI), seen;
    if (!stack_bytes || !u64map_get(&stack_owner, stack, &seen) || seen == FREE_OWNER)
        return;
    u64map_put(&stack_owner, stack, FREE_OWNER);
    label_region(cpu, "free task stack", stack, stack_bytes);
}

/* hardirq_stack_ptr: 6.1's per-CPU variable, 6.12's field of pcpu_hot. */
static uint64_t hardirq_stack_ptr_offset(void)
{
    if (KR.hardirq_stack_ptr_sym)
        return KR.hardirq_stack_ptr_sym;
    if (KR.pcpu_hot_sym && KR.pcpu_hot_hardirq_stack_ptr >= 0)
        return KR.pcpu_hot_sym + (uint64_t)KR.pcpu_hot_hardirq_stack_ptr;
    return 0;
}

/*
 * Per CPU the hardirq stack: hardirq_stack_ptr is its top minus 8, the stack
 * IRQ_STACK_SIZE = THREAD_SIZE bytes on x86-64.  A CPU's IRQ stack exists
 * once the CPU is brought up: tried at every switch until every CPU has one.
 */
void stacks_label_cpus(unsigned cpu, unsigned ncpus)
{
    static uint64_t labelled; /* bit per CPU */
    uint64_t irq_var = hardirq_stack_ptr_offset();
    if (!K.per_cpu_offset_sym || !irq_var || !stack_bytes)
        return; /* IRQ stacks are THREAD_SIZE: wait for the first task stack */
    for (unsigned c = 0; c < ncpus && c < 64; c++) {
        uint64_t off, top;
        char name[MT_STR_LEN];
        if ((labelled >> c) & 1)
            continue;
        if (!guest_read_u64(K.per_cpu_offset_sym + 8 * (uint64_t)c, &off) || off == 0 ||
            !guest_read_u64(irq_var + off, &top) || top < MT_KERNEL_START)
            continue;
        labelled |= 1ULL << c;
        snprintf(name, sizeof name, "irq stack of cpu %u", c);
        label_region(cpu, name, top + 8 - stack_bytes, stack_bytes);
    }
}
