/*
 * Hooks on an unmodified kernel's own functions, driven by a hook table
 * (docs/recorder.md "Hook table"): slab and page allocation/free become
 * label entries, context switches sched/task entries and fcall pause/resume,
 * system calls and interrupts fcall start/done.
 *
 * A hook fires on the first instruction of a kernel function (arguments in
 * RDI, RSI, ...).  Hooks that need the return value remember the call keyed
 * by the stack pointer and learn its return address; the instruction at that
 * address is instrumented when QEMU translates it (a call ends a translation
 * block, so the return site starts a fresh one) and reads RAX there.
 */
#ifndef MTRACE_KERNEL_HOOKS_H
#define MTRACE_KERNEL_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "qemu_api.h"

/* Loads the table; false (with a message naming the file and line) on bad input. */
bool hooks_load(const char *path);

/* Whether a return from a hooked function is watched at vaddr (a return site). */
bool hooks_is_return_site(uint64_t vaddr);

/*
 * Called for every translated instruction: instruments hooked entries and return sites;
 * return_site is hooks_is_return_site(vaddr) as the caller asked it (the first instruction
 * of a block), or -1 to ask here. The callback of a return site also emits the call
 * trace's pending return entry (call_trace_block), after the levels it ends, so a block
 * that starts at one must not emit it at its start.
 */
void hooks_instrument(struct qemu_plugin_insn *insn, uint64_t vaddr, int return_site);

/* Number of function hooks installed from the table. */
unsigned hooks_count(void);

#endif
