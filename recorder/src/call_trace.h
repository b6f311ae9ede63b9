/*
 * Call/ret tracing (FORMAT.md 6.8, the original's -mtrace-calls): call entries
 * for direct (E8) and indirect (FF /2) near calls and plain near returns (C3)
 * on CPUs whose switch was set by a host call_set_cpu entry (to the record
 * mode at that time) and not cleared since.
 *
 * The destination of an indirect call and of a return is the first
 * instruction executed after it, i.e. the start of the next translation block
 * the CPU runs; a direct call's destination is decoded at translation time.
 */
#ifndef MTRACE_CALL_TRACE_H
#define MTRACE_CALL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qemu_api.h"

void call_trace_init(void);

/* Host entry call_set_cpu / call_clear_cpu; cpu all-ones = the issuing CPU. */
void call_trace_switch(unsigned issuing_cpu, uint64_t cpu, bool on);

/* Instruments insn if it is a traced call or return (translation time). */
void call_trace_instrument(struct qemu_plugin_insn *insn, uint64_t vaddr, const uint8_t *bytes, size_t len);

/* Every executed translation block: resolves a pending indirect call or return. */
void call_trace_block(unsigned cpu, uint64_t block_vaddr);

#endif
