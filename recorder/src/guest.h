/*
 * Reading the guest: general-purpose registers of the current vCPU (only in
 * callbacks registered with QEMU_PLUGIN_CB_R_REGS) and guest virtual memory.
 */
#ifndef MTRACE_GUEST_H
#define MTRACE_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* REG_KERNEL_GS_BASE is the MSR SWAPGS exchanges with the GS base (the kernel's while in user mode). */
enum guest_reg { REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RSP, REG_GS_BASE, REG_KERNEL_GS_BASE,
                 REG_CS, REG_COUNT };

/* Looks up register handles for the vCPU being initialised (vCPU init callback). */
bool guest_init_vcpu(unsigned cpu);

uint64_t guest_reg(unsigned cpu, enum guest_reg r);

/*
 * The privilege level (0-3) of the code being translated now: the low two
 * bits of CS (in 64-bit mode CS.RPL is the CPL).  Called from the translation
 * callback, which runs on the vCPU about to execute the block with its
 * current state; -1 if QEMU refuses the register read there.
 */
int guest_translating_cpl(void);

/* Copies len bytes of guest virtual memory; false if any byte is unmapped. */
bool guest_read(uint64_t va, void *dst, size_t len);
bool guest_read_u64(uint64_t va, uint64_t *out);

/* Reads a NUL-terminated guest string into dst (at most cap-1 bytes, always terminated). */
bool guest_read_str(uint64_t va, char *dst, size_t cap);

/*
 * Best-effort guest physical address of a kernel virtual address, for the
 * label entry's host_addr: direct map and kernel image are linear with
 * nokaslr; anything else yields 0.
 */
uint64_t guest_kernel_phys(uint64_t va);

#endif
