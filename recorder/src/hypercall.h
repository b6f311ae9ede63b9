/*
 * The guest->recorder hypercall (FORMAT.md 6.2): `xchg %bx,%bx` (any operand
 * size) with RAX = 1, RBX = guest address of an entry laid out as in
 * FORMAT.md 5, RCX = entry type, RDX = its length.
 */
#ifndef MTRACE_HYPERCALL_H
#define MTRACE_HYPERCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if the instruction bytes are the magic instruction. */
bool hypercall_is_magic(const uint8_t *insn, size_t len);

/* Instruction callback (registered with register read access). */
void hypercall_exec(unsigned cpu, void *udata);

#endif
