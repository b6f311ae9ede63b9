#include "guest.h"

#include <stdio.h>
#include <string.h>

#include "qemu_api.h"
#include "recorder.h"

/* gdb register names of QEMU's x86-64 target (gdb-xml/i386-64bit.xml) */
static const char *const reg_names[REG_COUNT] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "gs_base", "k_gs_base", "cs" };
static struct qemu_plugin_register *handles[MT_MAX_CPUS][REG_COUNT];
static GByteArray *scratch;

/* Linear kernel mappings of x86-64 Linux without KASLR. */
#define DIRECT_MAP_START 0xffff888000000000ULL
#define DIRECT_MAP_END   0xffffc88000000000ULL
#define KERNEL_MAP_START 0xffffffff80000000ULL

bool guest_init_vcpu(unsigned cpu)
{
    if (!scratch)
        scratch = g_byte_array_new();
    GArray *regs = qemu_plugin_get_registers();
    const qemu_plugin_reg_descriptor *d = (const qemu_plugin_reg_descriptor *)regs->data;
    int found = 0;
    for (unsigned i = 0; i < regs->len; i++) {
        for (int r = 0; r < REG_COUNT; r++) {
            if (strcmp(d[i].name, reg_names[r]) == 0 && !handles[cpu][r]) {
                handles[cpu][r] = d[i].handle;
                found++;
            }
        }
    }
    g_array_free(regs, 1);
    if (found != REG_COUNT) {
        fprintf(stderr, "mtrace: vCPU %u: QEMU exposes only %d of the %d registers the recorder reads\n",
                cpu, found, REG_COUNT);
        return false;
    }
    return true;
}

uint64_t guest_reg(unsigned cpu, enum guest_reg r)
{
    uint64_t v = 0;
    g_byte_array_set_size(scratch, 0);
    int n = qemu_plugin_read_register(handles[cpu][r], scratch);
    if (n > 0)
        memcpy(&v, scratch->data, n < 8 ? (size_t)n : 8);
    return v;
}

int guest_translating_cpl(void)
{
    /* Register handles are the same for every vCPU of the machine (gdb register numbers). */
    g_byte_array_set_size(scratch, 0);
    if (!handles[0][REG_CS] || qemu_plugin_read_register(handles[0][REG_CS], scratch) <= 0)
        return -1;
    return scratch->data[0] & 3;
}

bool guest_read(uint64_t va, void *dst, size_t len)
{
    if (len == 0)
        return true;
    g_byte_array_set_size(scratch, 0);
    if (!qemu_plugin_read_memory_vaddr(va, scratch, len) || scratch->len < len)
        return false;
    memcpy(dst, scratch->data, len);
    return true;
}

bool guest_read_u64(uint64_t va, uint64_t *out)
{
    return guest_read(va, out, sizeof *out);
}

bool guest_read_str(uint64_t va, char *dst, size_t cap)
{
    /* Read in small steps so a string near the end of a mapping still works. */
    size_t n = 0;
    while (n + 1 < cap) {
        size_t step = 16 - ((va + n) & 15);
        if (step > cap - 1 - n)
            step = cap - 1 - n;
        if (!guest_read(va + n, dst + n, step)) {
            dst[n] = 0;
            return n > 0;
        }
        void *nul = memchr(dst + n, 0, step);
        if (nul)
            return true;
        n += step;
    }
    dst[n] = 0;
    return true;
}

uint64_t guest_kernel_phys(uint64_t va)
{
    if (va >= DIRECT_MAP_START && va < DIRECT_MAP_END)
        return va - DIRECT_MAP_START;
    if (va >= KERNEL_MAP_START)
        return va - KERNEL_MAP_START;
    return 0;
}
