#include "call_trace.h"

#include <string.h>

#include "bgzf_writer.h"
#include "entries.h"
#include "recorder.h"
#include "vcpu_identity.h"
#include "u64map.h"

enum { MT_SIZE_CALL = 44, MT_CALL_TARGET = 24, MT_CALL_RETURN = 32, MT_CALL_RET = 40 };

static struct u64map direct_targets; /* address of a direct call -> its destination */
static uint64_t switch_mode[MT_MAX_CPUS];
static struct { bool pending, ret; uint64_t return_pc; } waiting[MT_MAX_CPUS];

void call_trace_init(void)
{
    u64map_init(&direct_targets, 1 << 14);
}

void call_trace_switch(unsigned issuing_cpu, uint64_t cpu, bool on)
{
    unsigned c = cpu == UINT64_MAX ? issuing_cpu : (unsigned)cpu;
    if (c < MT_MAX_CPUS)
        switch_mode[c] = on ? (uint64_t)R.mode : 0;
}

static void put_call(unsigned cpu, uint64_t target, uint64_t return_pc, bool ret)
{
    uint8_t *e = rec_entry(MT_CALL, MT_SIZE_CALL, cpu);
    mt_put64(e, MT_CALL_TARGET, target);
    mt_put64(e, MT_CALL_RETURN, return_pc);
    mt_put32(e, MT_CALL_RET, ret ? 1 : 0);
}

static void on_direct_call(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
    uint64_t at = (uint64_t)(uintptr_t)udata, target;
    rec_lock();
    if (switch_mode[cpu] && u64map_get(&direct_targets, at, &target)) {
        uint64_t next = at + 5;
        put_call(cpu, target, next, false);
    }
    rec_unlock();
}

static void on_indirect_call(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
    if (switch_mode[cpu]) {
        waiting[cpu].pending = true;
        waiting[cpu].ret = false;
        waiting[cpu].return_pc = (uint64_t)(uintptr_t)udata;
    }
}

static void on_return(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
    (void)udata;
    if (switch_mode[cpu]) {
        waiting[cpu].pending = true;
        waiting[cpu].ret = true;
        waiting[cpu].return_pc = 0;
    }
}

void call_trace_block(unsigned cpu, uint64_t block_vaddr)
{
    if (!waiting[cpu].pending)
        return;
    waiting[cpu].pending = false;
    rec_lock();
    put_call(cpu, block_vaddr, waiting[cpu].return_pc, waiting[cpu].ret);
    rec_unlock();
}

void call_trace_instrument(struct qemu_plugin_insn *insn, uint64_t vaddr, const uint8_t *b, size_t len)
{
    size_t i = 0;
    /* Skip legacy prefixes (notrack 3E, segment, operand size) and one REX prefix. */
    while (i < len && (b[i] == 0x3e || b[i] == 0x2e || b[i] == 0x66 || b[i] == 0xf2 || b[i] == 0xf3))
        i++;
    if (i < len && (b[i] & 0xf0) == 0x40)
        i++;
    if (i >= len)
        return;
    if (b[i] == 0xe8 && i == 0 && len == 5) {
        int32_t rel;
        memcpy(&rel, b + 1, 4);
        rec_lock();
        u64map_put(&direct_targets, vaddr, vaddr + 5 + (uint64_t)(int64_t)rel);
        rec_unlock();
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_direct_call, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)vaddr);
    } else if (b[i] == 0xff && i + 1 < len && ((b[i + 1] >> 3) & 7) == 2) {
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_indirect_call, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)(vaddr + len));
    } else if (b[i] == 0xc3 && i + 1 == len) {
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_return, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}
