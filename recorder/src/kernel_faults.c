/*
 * Kernel fault and swap hooks: page faults (minor, major, swap-in), pages
 * read from swap and pages written to swap become page-fault entries, a
 * variant of the sched entry (docs/recorder.md "Page faults and swap",
 * layout in docs/format-io.md "Page-fault entries").
 *
 * The variant keeps the sched layout's first field (tid = the task running
 * on the CPU, which is the task that faults) and appends the fault's fields
 * after it, behind a magic word.  The original m2text prints such an entry as
 * a sched line and the original mscan skips sched entries, so the log stays
 * readable by both; our reader knows the variant by its size and magic.
 *
 * Hooks (the same signatures on Linux 6.1 and 6.12, checked with gdb whatis):
 *   handle_mm_fault(vma, address, flags, regs) entry + return value: one
 *     fault entry per call; pc = regs->ip (user or kernel instruction that
 *     faulted), or the call's return address when regs is NULL
 *     (get_user_pages and friends fault pages in on behalf of the kernel)
 *   do_swap_page(vmf): the fault in flight on this kernel stack found a swap
 *     entry in the page table: its kind becomes swap-in
 *   swap_readpage(page, ...) / 6.12 swap_read_folio(folio, ...) entry +
 *     return: one swap-read entry per page read from swap (what pswpin counts)
 *   __swap_writepage(page, wbc) / 6.12 (folio, wbc): one swap-out entry per
 *     page written to swap (what pswpout counts)
 * Entries are written only while recording is on, so a log holds the faults
 * of its recorded part, comparable with /proc/vmstat read around it.
 */
#include <stdio.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"

/* ---- entry layout (a sched entry, FORMAT.md 5.9, with fields appended) --- */

enum {
    FAULT_SIZE = 104,
    FAULT_MAGIC_OFF = 32, FAULT_KIND = 36, FAULT_PC = 40, FAULT_ADDRESS = 48, FAULT_PAGE = 56,
    FAULT_FLAGS = 64, FAULT_RESULT = 68, FAULT_HASH = 72, FAULT_TGID = 80, FAULT_VMA_START = 88,
    FAULT_VMA_END = 96
};
#define FAULT_MAGIC 0x746c6670u /* "pflt" */

enum fault_kind { KIND_MINOR = 1, KIND_MAJOR = 2, KIND_SWAP_IN = 3, KIND_SWAP_OUT = 4, KIND_SWAP_READ = 5 };

enum { VM_FAULT_MAJOR = 0x4 };         /* include/linux/mm_types.h, the same on 6.1 and 6.12 */
enum { STACK_SHIFT = 14 };             /* THREAD_SIZE 16 KiB, stacks aligned to it (x86-64) */
enum { PAGE_BYTES = 4096 };

/* Layout facts of the fault hooks, set from the hook table (kernel_hooks.c's one table of facts). */
struct fault_layout KF = { -1, -1, -1, 0 };

/* The per-CPU variable whose first word is `current`: `current_task` (6.1) or `pcpu_hot` (6.2+). */
static uint64_t current_sym(void)
{
    return KF.current_task_sym ? KF.current_task_sym : KR.pcpu_hot_sym;
}

/*
 * The faults in flight, one per kernel stack (a task can sleep inside
 * handle_mm_fault and another task fault on the same CPU meanwhile).  A slot
 * whose return was missed is simply overwritten by the next fault there.
 */
enum { FAULT_SLOTS = 512 };
static struct in_flight {
    uint64_t stack; /* rsp >> STACK_SHIFT, 0 = free */
    uint64_t pc, address, vm_start, vm_end;
    bool swap;
} flights[FAULT_SLOTS];

void fault_hooks_init(void)
{
    memset(flights, 0, sizeof flights);
}

static struct in_flight *flight(unsigned cpu)
{
    uint64_t stack = guest_reg(cpu, REG_RSP) >> STACK_SHIFT;
    struct in_flight *f = &flights[(stack ^ (stack >> 9)) & (FAULT_SLOTS - 1)];
    return f->stack == stack ? f : NULL;
}

static struct in_flight *new_flight(unsigned cpu)
{
    uint64_t stack = guest_reg(cpu, REG_RSP) >> STACK_SHIFT;
    struct in_flight *f = &flights[(stack ^ (stack >> 9)) & (FAULT_SLOTS - 1)];
    memset(f, 0, sizeof *f);
    f->stack = stack;
    return f;
}

/* pid and tgid of the task running on this CPU (its per-CPU `current`); 0 if unknown. */
static void current_ids(unsigned cpu, uint64_t *pid, uint64_t *tgid)
{
    uint64_t task = 0;
    int32_t ids[2] = { 0, 0 };
    *pid = *tgid = 0;
    uint64_t sym = current_sym();
    if (!sym || K.task_pid < 0 || K.task_tgid < 0 ||
        !guest_read_u64(guest_reg(cpu, REG_GS_BASE) + sym, &task) || task < MT_KERNEL_START)
        return;
    guest_read(task + (uint64_t)K.task_pid, &ids[0], 4);
    guest_read(task + (uint64_t)K.task_tgid, &ids[1], 4);
    *pid = (uint64_t)(uint32_t)ids[0];
    *tgid = (uint64_t)(uint32_t)ids[1];
}

/* FNV-1a 64 of a page's bytes (0 is kept for "not computed"). */
static uint64_t page_hash(uint64_t kernel_addr)
{
    static uint8_t buf[PAGE_BYTES];
    if (!kernel_addr || !guest_read(kernel_addr, buf, sizeof buf))
        return 0;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sizeof buf; i++)
        h = (h ^ buf[i]) * 1099511628211ULL;
    return h ? h : 1;
}

/* What a fault or swap entry holds besides its header, kind, task and pc. */
struct fault_event {
    uint64_t address, page, hash, vm_start, vm_end;
    uint32_t flags, result;
};

static void put_fault(unsigned cpu, enum fault_kind kind, uint64_t pc, const struct fault_event *ev)
{
    uint64_t pid, tgid;
    current_ids(cpu, &pid, &tgid);
    uint8_t *e = rec_entry(MT_SCHED, FAULT_SIZE, cpu);
    mt_put64(e, MT_SCHED_TID, pid);
    mt_put32(e, FAULT_MAGIC_OFF, FAULT_MAGIC);
    mt_put32(e, FAULT_KIND, kind);
    mt_put64(e, FAULT_PC, pc);
    mt_put64(e, FAULT_ADDRESS, ev->address);
    mt_put64(e, FAULT_PAGE, ev->page);
    mt_put32(e, FAULT_FLAGS, ev->flags);
    mt_put32(e, FAULT_RESULT, ev->result);
    mt_put64(e, FAULT_HASH, ev->hash);
    mt_put64(e, FAULT_TGID, tgid);
    mt_put64(e, FAULT_VMA_START, ev->vm_start);
    mt_put64(e, FAULT_VMA_END, ev->vm_end);
}

static bool recording(void)
{
    return R.mode != MT_MODE_DISABLE;
}

/* ---- handle_mm_fault / do_swap_page ------------------------------------ */

void on_fault_entry(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct in_flight *f = new_flight(cpu);
    uint64_t regs = guest_reg(cpu, REG_RCX), vma = guest_reg(cpu, REG_RDI);
    f->address = guest_reg(cpu, REG_RSI);
    if (KF.vma_start >= 0 && KF.vma_end >= 0) {
        guest_read_u64(vma + (uint64_t)KF.vma_start, &f->vm_start);
        guest_read_u64(vma + (uint64_t)KF.vma_end, &f->vm_end);
    }
    if (regs && KF.regs_ip >= 0 && guest_read_u64(regs + (uint64_t)KF.regs_ip, &f->pc))
        return;
    guest_read_u64(guest_reg(cpu, REG_RSP), &f->pc); /* no pt_regs: the kernel's call site */
}

void on_do_swap_page(unsigned cpu, const struct hook *h)
{
    (void)h;
    struct in_flight *f = flight(cpu);
    if (f)
        f->swap = true;
}

void fault_return(unsigned cpu, uint64_t address, uint64_t flags, uint64_t ret, uint64_t site)
{
    (void)site;
    struct in_flight *f = flight(cpu);
    bool mine = f && f->address == address; /* not a slot left over by a missed return */
    if (f)
        f->stack = 0;
    if (!recording())
        return;
    struct fault_event ev = { .address = address, .flags = (uint32_t)flags, .result = (uint32_t)ret,
                              .vm_start = mine ? f->vm_start : 0, .vm_end = mine ? f->vm_end : 0 };
    enum fault_kind kind = mine && f->swap ? KIND_SWAP_IN : (ev.result & VM_FAULT_MAJOR) ? KIND_MAJOR : KIND_MINOR;
    put_fault(cpu, kind, mine ? f->pc : 0, &ev);
}

/* ---- swap I/O --------------------------------------------------------------- */

/* A page read from swap: logged at the read's return, when (synchronous devices, zram) it holds the data. */
void swap_read_return(unsigned cpu, uint64_t page, uint64_t unused, uint64_t ret, uint64_t site)
{
    (void)unused;
    (void)ret;
    (void)site;
    if (!recording())
        return;
    struct in_flight *f = flight(cpu); /* the fault that reads it, if any */
    struct fault_event ev = { .page = page_address(page) };
    ev.hash = page_hash(ev.page);
    if (f) {
        ev.address = f->address;
        ev.vm_start = f->vm_start;
        ev.vm_end = f->vm_end;
    }
    put_fault(cpu, KIND_SWAP_READ, f ? f->pc : 0, &ev);
}

void on_swap_write(unsigned cpu, const struct hook *h)
{
    (void)h;
    if (!recording())
        return;
    uint64_t site = 0;
    struct fault_event ev = { .page = page_address(guest_reg(cpu, REG_RDI)) };
    ev.hash = page_hash(ev.page);
    guest_read_u64(guest_reg(cpu, REG_RSP), &site);
    put_fault(cpu, KIND_SWAP_OUT, site, &ev);
}
