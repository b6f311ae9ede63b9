/* Kernel task hooks: context switches, system calls, interrupts and exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"
#include "u64map.h"

/* ---- per-CPU and per-task call-stack state ---------------------------- */

enum { MAX_LEVELS = 8, SYSCALL_TABLE_SLOTS = 512 };
#define IRQ_TID_BASE 0x100000000ULL /* synthetic owner of interrupt stacks */

/*
 * One level of a CPU's call stacks.  irq: the CPU's own (an interrupt, a
 * softirq), not parked with the task at a switch.  end_rsp: for a level that
 * ends when its function returns (a softirq), the stack pointer after that
 * return; 0 for the others (an interrupt ends in irq_exit_rcu).
 */
struct level { uint64_t tid, tag, pc; bool irq; uint64_t end_rsp; };

static struct cpu_ctx {
    uint64_t task, pid;
    unsigned n;
    struct level lv[MAX_LEVELS];
    uint64_t outer_tag; /* guest-defined stack tag active when the hooks' first level began */
} cpus[MT_MAX_CPUS];

/*
 * The hooks' stacks nest inside whatever stack guest code declared with fcall
 * hypercalls (ascope mode's "current stack"): remember it when the first
 * level starts and make it current again when the last level ends.
 */
static void first_level_begins(unsigned cpu)
{
    cpus[cpu].outer_tag = R.cur_tag[cpu];
}

static void last_level_ended(unsigned cpu)
{
    R.cur_tag[cpu] = cpus[cpu].outer_tag;
    cpus[cpu].outer_tag = 0;
}

static void pop_level(unsigned cpu);

/*
 * A task's levels while it is switched out: its system call, page fault or
 * kernel thread, and above a kworker's the work item it runs (work functions
 * sleep).  Resumed with the task, on whichever CPU it next runs.
 */
enum { TASK_LEVELS = 2 };
struct parked { unsigned n; struct level lv[TASK_LEVELS]; };
static struct u64map task_parked; /* task_struct address -> struct parked * (malloc'd) */
static struct u64map task_comm;   /* task_struct address -> hash of last reported comm */
static uint64_t next_tag = 1;
static uint64_t syscall_pc[SYSCALL_TABLE_SLOTS];

void task_hooks_init(void)
{
    u64map_init(&task_parked, 1024);
    u64map_init(&task_comm, 1024);
}

/* ---- tasks, system calls, interrupts ---------------------------------- */

uint64_t hash_comm(const char *s)
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

/* Drops what was parked for a task (its struct task_struct is gone or runs again). */
static void forget_parked(uint64_t task)
{
    uint64_t held;
    if (task && u64map_get(&task_parked, task, &held)) {
        free((void *)(uintptr_t)held);
        u64map_remove(&task_parked, task);
    }
}

enum { PF_KTHREAD = 0x00200000 }; /* task_struct.flags of a kernel thread (include/linux/sched.h) */

/* Whether the task is a kernel thread with a thread function (the idle tasks have none): *fn. */
static bool kthread_function(uint64_t task, uint64_t *fn)
{
    uint32_t flags = 0;
    uint64_t kthread = 0;
    if (K.task_flags < 0 || K.task_worker_private < 0 || K.kthread_threadfn < 0 ||
        !guest_read(task + (uint64_t)K.task_flags, &flags, 4) || !(flags & PF_KTHREAD))
        return false;
    return guest_read_u64(task + (uint64_t)K.task_worker_private, &kthread) && kthread &&
           guest_read_u64(kthread + (uint64_t)K.kthread_threadfn, fn) && *fn;
}

static void begin_task_level(unsigned cpu, uint64_t pc);

void on_switch_to(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    declare_percpu_segments(cpu);
    uint64_t next = guest_reg(cpu, REG_RSI);
    /* No interrupt or softirq runs across a switch: a level of the CPU's own still open is stale
     * (a missed end) and ends here, so that every level started is done. */
    while (c->n > 0 && c->lv[c->n - 1].irq)
        pop_level(cpu);
    /* Park the outgoing task's call stack: only task levels are left, the top one runs. */
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_PAUSE);
        struct parked *p = c->task ? malloc(sizeof *p) : NULL;
        if (p) {
            p->n = c->n < TASK_LEVELS ? c->n : TASK_LEVELS;
            memcpy(p->lv, c->lv, p->n * sizeof p->lv[0]);
            forget_parked(c->task);
            u64map_put(&task_parked, c->task, (uint64_t)(uintptr_t)p);
        }
        c->n = 0;
    }
    c->outer_tag = 0; /* a guest-defined stack belongs to the outgoing task */
    int32_t ids[2] = { 0, 0 };
    char comm[17] = "";
    guest_read(next + (uint64_t)K.task_pid, &ids[0], 4);
    guest_read(next + (uint64_t)K.task_tgid, &ids[1], 4);
    guest_read(next + (uint64_t)K.task_comm, comm, 16);
    comm[16] = 0;
    c->task = next;
    c->pid = (uint64_t)ids[0];
    stacks_on_switch(cpu, next, ids[0], comm);
    stacks_label_cpus(cpu, R.ncpus);
    regions_label_once(cpu, R.ncpus);

    uint8_t *e = rec_entry(MT_SCHED, MT_SIZE_SCHED, cpu);
    mt_put64(e, MT_SCHED_TID, c->pid);

    uint64_t seen, hc = hash_comm(comm);
    bool known = u64map_get(&task_comm, next, &seen);
    if (!known || seen != hc) {
        put_task(cpu, c->pid, (uint64_t)ids[1], known ? MT_TASK_UPDATE : MT_TASK_INIT, comm);
        u64map_put(&task_comm, next, hc);
    }
    uint64_t held, pc = 0;
    if (u64map_get(&task_parked, next, &held)) {
        struct parked *p = (struct parked *)(uintptr_t)held;
        u64map_remove(&task_parked, next);
        memcpy(c->lv, p->lv, p->n * sizeof p->lv[0]);
        c->n = p->n;
        free(p);
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_RESUME);
    } else if (kthread_function(next, &pc)) {
        /* a kernel thread seen for the first time: its whole life is one level, named by its
         * function, parked and resumed with it from now on and ended in do_task_dead */
        begin_task_level(cpu, pc);
    }
}

static void end_syscall(unsigned cpu)
{
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n == 1 && !c->lv[0].irq) {
        rec_fcall(cpu, c->lv[0].tid, c->lv[0].pc, c->lv[0].tag, 0, MT_FCALL_DONE);
        c->n = 0;
        last_level_ended(cpu);
    }
}

/*
 * A task enters the kernel from user mode (a system call, a page fault): any
 * level still open on the CPU is stale (a missed exit).  End them top down;
 * each lower level is paused while the one above runs, so it is resumed before
 * it is ended (an fcall done always ends the CPU's current stack).  Then open
 * the task's level, named by the entry's pc.
 */
static void begin_task_level(unsigned cpu, uint64_t pc)
{
    struct cpu_ctx *c = &cpus[cpu];
    while (c->n > 0) {
        struct level *l = &c->lv[--c->n];
        rec_fcall(cpu, l->tid, l->pc, l->tag, (uint16_t)c->n, MT_FCALL_DONE);
        if (c->n > 0) {
            struct level *below = &c->lv[c->n - 1];
            rec_fcall(cpu, below->tid, below->pc, below->tag, (uint16_t)(c->n - 1), MT_FCALL_RESUME);
        }
    }
    if (c->outer_tag)
        last_level_ended(cpu);
    first_level_begins(cpu);
    c->lv[0] = (struct level){ c->pid, next_tag++, pc, false, 0 };
    c->n = 1;
    rec_fcall(cpu, c->pid, pc, c->lv[0].tag, 0, MT_FCALL_START);
}

void on_syscall_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    int64_t nr = (int32_t)guest_reg(cpu, REG_RSI);
    uint64_t pc = 0;
    if (nr >= 0 && nr < SYSCALL_TABLE_SLOTS && K.sys_call_table) {
        if (!syscall_pc[nr])
            guest_read_u64(K.sys_call_table + 8 * (uint64_t)nr, &syscall_pc[nr]);
        pc = syscall_pc[nr];
    }
    begin_task_level(cpu, pc);
}

/*
 * exc_page_fault(regs, error_code): a fault of user code opens the task's
 * level as a system call does (pc = exc_page_fault), so that mscan counts the
 * fault's work (zeroing and mapping pages, copy-on-write) under it rather than
 * under no system call.  A fault of kernel code (copy_to_user inside a system
 * call) belongs to what the CPU was doing and opens nothing.
 */
void on_user_fault_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t cs = 0;
    if (!guest_read_u64(guest_reg(cpu, REG_RDI) + (uint64_t)K.regs_cs, &cs) || (cs & 3) != 3)
        return;
    begin_task_level(cpu, K.exc_page_fault_sym);
}

/*
 * The task's level (a system call, a page fault of user code) ends when the kernel's way back to
 * user mode returns, not when it starts: on that way the kernel runs the task's pending work, and
 * that work is the system call's.  The last fput of a closed file runs there (task_work_run, from
 * close(): tearing down a socket, sk_free and the security blobs with it), and so do signal
 * delivery and a reschedule.  Ended at the entry, as before, all of it counted under no system
 * call and without a call stack: on MOSBENCH Apache (Debian's 6.1) nearly all of the 4,612
 * transfers of aa_profile's refcount by apparmor_sk_free_security.  The way back may sleep: the
 * level is parked and resumed with its end_rsp, as a work item's is.  A level whose return is
 * never seen ends at the task's next entry into the kernel (begin_task_level) or in
 * do_task_dead, as before.
 */
static void end_task_level_at_return(unsigned cpu)
{
    struct cpu_ctx *c = &cpus[cpu];
    uint64_t rsp = guest_reg(cpu, REG_RSP), ret = 0;
    if (c->n != 1 || c->lv[0].irq || c->lv[0].end_rsp)
        return;
    if (!guest_read_u64(rsp, &ret)) {
        end_syscall(cpu);
        return;
    }
    hooks_watch_return(ret);
    c->lv[0].end_rsp = rsp + 8;
}

/*
 * irqentry_exit_to_user_mode(regs): an exception or interrupt returns to user
 * mode.  Ends the level of a page fault from user mode when it returns
 * (interrupts end theirs in irq_exit_rcu).  The level may have slept and come
 * back through a context switch: it is recognised by its pc, which the switch
 * keeps.
 */
void on_exit_to_user_mode(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n == 1 && !c->lv[0].irq && c->lv[0].pc == K.exc_page_fault_sym && K.exc_page_fault_sym)
        end_task_level_at_return(cpu);
}

/* syscall_exit_to_user_mode(regs): the system call's level ends when it returns. */
void on_syscall_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    end_task_level_at_return(cpu);
}

/* Opens a level above whatever runs (paused). */
static void push_level(unsigned cpu, struct level l)
{
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_PAUSE);
    } else {
        first_level_begins(cpu);
    }
    c->lv[c->n] = l;
    rec_fcall(cpu, l.tid, l.pc, l.tag, (uint16_t)c->n, MT_FCALL_START);
    c->n++;
}

/* Opens a level of the CPU's own above whatever runs (paused): an interrupt or a softirq. */
static void push_cpu_level(unsigned cpu, uint64_t pc, uint64_t end_rsp)
{
    struct cpu_ctx *c = &cpus[cpu];
    push_level(cpu, (struct level){ IRQ_TID_BASE + cpu * MAX_LEVELS + c->n, next_tag++, pc, true, end_rsp });
}

/* Ends the top level of the CPU (its own or a task's) and resumes the one below, if any. */
static void pop_level(unsigned cpu)
{
    struct cpu_ctx *c = &cpus[cpu];
    struct level *l = &c->lv[--c->n];
    rec_fcall(cpu, l->tid, l->pc, l->tag, (uint16_t)c->n, MT_FCALL_DONE);
    if (c->n > 0) {
        struct level *top = &c->lv[c->n - 1];
        rec_fcall(cpu, top->tid, top->pc, top->tag, (uint16_t)(c->n - 1), MT_FCALL_RESUME);
    } else {
        last_level_ended(cpu);
    }
}

void on_irq_enter(unsigned cpu, const struct hook *h)
{
    (void)h;
    if (cpus[cpu].n >= MAX_LEVELS)
        return;
    uint64_t pc = 0;
    guest_read_u64(guest_reg(cpu, REG_RSP), &pc); /* return address: inside the vector's handler */
    push_cpu_level(cpu, pc, 0);
}

void on_irq_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    if (c->n > 0 && c->lv[c->n - 1].irq && !c->lv[c->n - 1].end_rsp)
        pop_level(cpu);
}

/*
 * handle_softirqs: the pending softirqs run (timers, RCU callbacks, network
 * receive, the scheduler's load balancing), on the tail of an interrupt
 * (irq_exit_rcu, after the interrupt's level ended), at local_bh_enable inside
 * a system call, or in ksoftirqd.  A level of the CPU's own, named by
 * handle_softirqs, so that this work is counted under it rather than under
 * whatever it interrupted; it ends when handle_softirqs returns (softirqs do
 * not sleep), found at the return address with the stack pointer of the entry.
 */
void on_softirq_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t rsp = guest_reg(cpu, REG_RSP), ret = 0;
    if (cpus[cpu].n >= MAX_LEVELS || !guest_read_u64(rsp, &ret))
        return;
    hooks_watch_return(ret);
    push_cpu_level(cpu, K.softirq_sym, rsp + 8);
}

#define WORK_TID_BASE 0x200000000ULL /* synthetic owner of work items: 2^33 + pid */

/*
 * process_one_work(worker, work): a kworker runs one work item.  A task level
 * above the kworker's, named by the work function (work->func), so that the
 * item's work counts under vmstat_update or flush_to_ldisc rather than under
 * worker_thread; parked and resumed with the task when the function sleeps,
 * and ended when process_one_work returns (the watched return address with the
 * entry's stack pointer), as a softirq's level is.
 */
void on_work_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    uint64_t rsp = guest_reg(cpu, REG_RSP), ret = 0, fn = 0;
    if (c->n >= TASK_LEVELS || (c->n > 0 && c->lv[c->n - 1].irq) || !guest_read_u64(rsp, &ret) ||
        !guest_read_u64(guest_reg(cpu, REG_RSI) + (uint64_t)K.work_func, &fn) || !fn)
        return;
    hooks_watch_return(ret);
    push_level(cpu, (struct level){ WORK_TID_BASE + c->pid, next_tag++, fn, false, rsp + 8 });
}

void levels_on_return(unsigned cpu, uint64_t rsp)
{
    struct cpu_ctx *c = &cpus[cpu];
    for (unsigned i = c->n; i-- > 0;) {
        if (c->lv[i].end_rsp == rsp) { /* levels above it are stale (a missed end): they end first */
            while (c->n > i)
                pop_level(cpu);
            return;
        }
    }
}

/*
 * do_exit: the task's exit entry.  Its system call (exit_group, or the one a
 * fatal signal ends) goes on: do_exit tears down the task's mm, files and the
 * rest under it, until do_task_dead.
 */
void on_do_exit(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct cpu_ctx *c = &cpus[cpu];
    if (!c->task)
        return;
    int32_t tgid = 0;
    char comm[17] = "";
    guest_read(c->task + (uint64_t)K.task_tgid, &tgid, 4);
    guest_read(c->task + (uint64_t)K.task_comm, comm, 16);
    comm[16] = 0;
    put_task(cpu, c->pid, (uint64_t)tgid, MT_TASK_EXIT, comm);
    u64map_remove(&task_comm, c->task);
    forget_parked(c->task);
}

/* do_task_dead: the exiting task switches away for the last time; its level ends (it never returns to user mode). */
void on_task_dead(unsigned cpu, const struct hook *h)
{
    (void)h;
    end_syscall(cpu);
}

uint64_t current_task(unsigned cpu, int32_t *pid)
{
    if (pid)
        *pid = (int32_t)cpus[cpu].pid;
    return cpus[cpu].task;
}

void current_task_name(unsigned cpu, char *buf, size_t len)
{
    char comm[17] = "";
    if (cpus[cpu].task)
        guest_read(cpus[cpu].task + (uint64_t)K.task_comm, comm, 16);
    comm[16] = 0;
    snprintf(buf, len, "%d (%s)", (int32_t)cpus[cpu].pid, comm);
}
