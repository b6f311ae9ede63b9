/*
 * Which vCPU executes a callback.
 *
 * QEMU 10 passes every inline plugin callback a vCPU index, but when
 * translation blocks are not marked parallel -- single-threaded
 * (round-robin) TCG, where all vCPUs share one translation cache -- that
 * index is a constant compiled into the block: the vCPU that TRANSLATED it
 * (gen_cpu_index() in accel/tcg/plugin-gen.c).  A block later run by another
 * vCPU reports the translator (docs/recorder.md, "CPU identity").
 *
 * The recorder therefore never trusts that index under round-robin TCG.
 * Translated code runs with TCG's env register (TCG_AREG0, %rbp on x86-64
 * hosts) pointing at the executing vCPU's CPU state, so the block-start
 * callback receives that pointer through a two-instruction trampoline.  Each
 * distinct pointer is mapped once to the kernel's CPU number by reading the
 * vCPU's GS bases and finding them in the kernel's __per_cpu_offset[]: the
 * number under which the kernel itself addresses that CPU's per-CPU data.
 * All vCPUs run on one host thread, so every callback until the next block
 * start belongs to that vCPU.
 *
 * Under multi-threaded TCG blocks are parallel and QEMU passes the executing
 * vCPU's index, which is used as it is.
 */
#ifndef MTRACE_VCPU_IDENTITY_H
#define MTRACE_VCPU_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "recorder.h"

/* Result of mapping one CPU-state pointer to a CPU number (also the C unit tests' view). */
enum { VCPU_UNKNOWN = -1 };

/*
 * Finds the CPU whose per-CPU offset equals gs_base (kernel mode) or
 * kernel_gs_base (user mode: SWAPGS parked the kernel's value there).
 * offsets[0..n) must be the kernel's distinct per-CPU offsets.
 */
int vcpu_match_gs(const uint64_t *offsets, unsigned n, uint64_t gs_base, uint64_t kernel_gs_base);

/*
 * Block-start callback body: env is the executing vCPU's CPU-state pointer,
 * given the index QEMU passed.  Returns the executing CPU and makes it the
 * answer of vcpu_running() until the next block starts.
 */
unsigned vcpu_block_start(unsigned given, uintptr_t env);

/* The CPU that executes the current callback; given is the index QEMU passed. */
static inline unsigned vcpu_running(unsigned given)
{
    return R.mttcg ? given : R.running_cpu;
}

/* Blocks executed by a vCPU whose CPU number was not known yet (the given index was used). */
uint64_t vcpu_unresolved_blocks(void);

/* CPU-state pointers mapped to a CPU number so far. */
unsigned vcpu_resolved_count(void);

#endif
