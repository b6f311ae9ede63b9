#include "vcpu_identity.h"

#include <stdio.h>

#include "guest.h"
#include "hook_defs.h"

#if !defined(__x86_64__)
#error "the recorder reads TCG's env register (%rbp) and needs an x86-64 host"
#endif

/*
 * The block-start trampoline: QEMU calls it as a vcpu_udata callback
 * (cpu index in %edi, udata in %rsi) from translated code, where %rbp still
 * holds the executing vCPU's env pointer.  It passes that pointer as the
 * third argument and tail-calls the C callback.  The stack is untouched, so
 * the C function sees the ABI's alignment.
 */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl mt_tb_exec_trampoline\n"
        ".hidden mt_tb_exec_trampoline\n"
        ".type mt_tb_exec_trampoline, @function\n"
        "mt_tb_exec_trampoline:\n"
        "    movq %rbp, %rdx\n"
        "    jmp mt_tb_exec\n"
        ".size mt_tb_exec_trampoline, .-mt_tb_exec_trampoline\n");

enum {
    MAX_ENVS = 2 * MT_MAX_CPUS,
    /*
     * An unmapped vCPU is probed at its first block, then after 1, 2, 4, ...
     * up to PROBE_INTERVAL_MAX blocks (a probe reads registers and memory;
     * APs can spin for a long time before they load their GS base).
     */
    PROBE_INTERVAL_MAX = 256
};

static struct env_map {
    uintptr_t env;
    int cpu;           /* VCPU_UNKNOWN until probed successfully */
    unsigned wait;     /* blocks until the next probe */
    unsigned interval; /* the wait after the next failed probe */
} map[MAX_ENVS];
static unsigned n_map, n_resolved;
static uintptr_t last_env; /* the last mapped env seen, and its CPU: the common case */
static unsigned last_cpu;
static uint64_t bases[MT_MAX_CPUS]; /* per-CPU area bases, as last read */
static uint64_t unresolved;

int vcpu_match_gs(const uint64_t *offsets, unsigned n, uint64_t gs_base, uint64_t kernel_gs_base)
{
    for (unsigned i = 0; i < n; i++)
        if (offsets[i] == gs_base)
            return (int)i;
    for (unsigned i = 0; i < n; i++)
        if (offsets[i] == kernel_gs_base)
            return (int)i;
    return VCPU_UNKNOWN;
}

/*
 * The kernel's per-CPU bases: __per_cpu_start + __per_cpu_offset[cpu] (x86-64
 * kernels up to 6.x link the per-CPU section at 0, so the base is the offset
 * itself).  Until setup_per_cpu_areas() has run every entry holds the same
 * boot value, and while it runs some do, so the table is read again at every
 * probe (probes are rare: see PROBE_INTERVAL_MAX) and used only if all differ.
 */
static bool load_bases(void)
{
    if (!K.per_cpu_offset_sym)
        return false;
    for (unsigned c = 0; c < R.ncpus; c++) {
        uint64_t off;
        if (!guest_read_u64(K.per_cpu_offset_sym + 8 * (uint64_t)c, &off) || off == 0)
            return false;
        bases[c] = off + K.per_cpu_start;
        for (unsigned d = 0; d < c; d++)
            if (bases[d] == bases[c])
                return false;
    }
    return true;
}

static struct env_map *slot_for(uintptr_t env)
{
    for (unsigned i = 0; i < n_map; i++)
        if (map[i].env == env)
            return &map[i];
    if (n_map == MAX_ENVS)
        return NULL;
    map[n_map] = (struct env_map){ env, VCPU_UNKNOWN, 0, 1 };
    return &map[n_map++];
}

static int probe(unsigned given)
{
    uint64_t gs = guest_reg(given, REG_GS_BASE), kernel_gs = guest_reg(given, REG_KERNEL_GS_BASE);
    if ((gs == 0 && kernel_gs == 0) || !load_bases()) /* no GS base loaded yet, or no per-CPU areas */
        return VCPU_UNKNOWN;
    return vcpu_match_gs(bases, R.ncpus, gs, kernel_gs);
}

unsigned vcpu_block_start(unsigned given, uintptr_t env)
{
    if (R.mttcg)
        return given;
    if (env != last_env) {
        struct env_map *m = slot_for(env);
        if (m && m->cpu == VCPU_UNKNOWN) {
            if (m->wait == 0) {
                m->cpu = probe(given);
                if (m->cpu != VCPU_UNKNOWN)
                    n_resolved++;
                m->wait = m->interval;
                if (m->interval < PROBE_INTERVAL_MAX)
                    m->interval *= 2;
            } else {
                m->wait--;
            }
        }
        if (!m || m->cpu == VCPU_UNKNOWN) {
            /* Not mapped yet (early boot, an AP before it loads its GS base): QEMU's index. */
            unresolved++;
            R.running_cpu = given;
            R.running_known = false;
            return given;
        }
        last_env = env;
        last_cpu = (unsigned)m->cpu;
    }
    R.running_cpu = last_cpu;
    R.running_known = true;
    return last_cpu;
}

uint64_t vcpu_unresolved_blocks(void)
{
    return unresolved;
}

unsigned vcpu_resolved_count(void)
{
    return n_resolved;
}
