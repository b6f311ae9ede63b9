/*
 * Drives the recorder's vcpu_identity.c with scripted guest state (stdin), for
 * VcpuIdentityTest.  Commands, one per line:
 *   offsets V0 V1 ...     the kernel's __per_cpu_offset[] as guest memory holds it now
 *   regs ENV GS KGS       GS base and kernel GS base of the vCPU whose env pointer is ENV
 *   block GIVEN ENV       a block starts on ENV, QEMU passing GIVEN; prints "CPU known|unknown"
 *   blocks N GIVEN ENV    N blocks; prints the last answer
 *   mttcg 0|1             multi-threaded TCG
 *   match GS KGS V0 V1 .. vcpu_match_gs on its own; prints the index
 *   trampoline ENV        calls the real trampoline with %rbp = ENV; prints what reached C
 * Numbers are C literals (0x.. for hex).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "hook_defs.h"
#include "vcpu_identity.h"

struct recorder R;
struct kernel_layout K;

enum { OFFSETS_AT = 0x1000 };
static uint64_t offsets[MT_MAX_CPUS];
static struct { uintptr_t env; uint64_t gs, kgs; } regs[16];
static unsigned n_regs;
static uintptr_t executing; /* env of the vCPU the "QEMU" of this driver runs now */

uint64_t guest_reg(unsigned cpu, enum guest_reg r)
{
    (void)cpu; /* QEMU reads current_cpu's registers, whatever index the handle came with */
    for (unsigned i = 0; i < n_regs; i++)
        if (regs[i].env == executing)
            return r == REG_GS_BASE ? regs[i].gs : r == REG_KERNEL_GS_BASE ? regs[i].kgs : 0;
    return 0;
}

bool guest_read_u64(uint64_t va, uint64_t *out)
{
    if (va < OFFSETS_AT || va >= OFFSETS_AT + 8 * (uint64_t)R.ncpus)
        return false;
    *out = offsets[(va - OFFSETS_AT) / 8];
    return true;
}

static struct { unsigned given; void *udata; uintptr_t env; } reached;
void mt_tb_exec_trampoline(unsigned given, void *udata);
void mt_tb_exec(unsigned given, void *udata, uintptr_t env);
void mt_tb_exec(unsigned given, void *udata, uintptr_t env)
{
    reached.given = given;
    reached.udata = udata;
    reached.env = env;
}

/* As TCG calls a helper: %rbp holds env, the stack 16-byte aligned at the call. */
static void call_as_tcg(unsigned given, void *udata, uintptr_t env)
{
    unsigned long di = given, si = (unsigned long)(uintptr_t)udata;
    __asm__ volatile("push %%rbp\n\t"
                     "sub $8, %%rsp\n\t"
                     "mov %[env], %%rbp\n\t"
                     "call mt_tb_exec_trampoline\n\t"
                     "add $8, %%rsp\n\t"
                     "pop %%rbp"
                     : "+D"(di), "+S"(si)
                     : [env] "b"(env)
                     : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "cc", "memory",
                       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
}

static uint64_t num(const char *s)
{
    return strtoull(s, NULL, 0);
}

int main(void)
{
    R.ncpus = 4;
    K.per_cpu_offset_sym = OFFSETS_AT;
    K.per_cpu_start = 0;
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        char *w[20];
        int n = 0;
        for (char *t = strtok(line, " \t\n"); t && n < 20; t = strtok(NULL, " \t\n"))
            w[n++] = t;
        if (n == 0)
            continue;
        if (strcmp(w[0], "offsets") == 0) {
            R.ncpus = (unsigned)(n - 1);
            for (int i = 1; i < n; i++)
                offsets[i - 1] = num(w[i]);
        } else if (strcmp(w[0], "regs") == 0 && n == 4) {
            unsigned i = 0;
            while (i < n_regs && regs[i].env != (uintptr_t)num(w[1]))
                i++;
            if (i == n_regs)
                n_regs++;
            regs[i].env = (uintptr_t)num(w[1]);
            regs[i].gs = num(w[2]);
            regs[i].kgs = num(w[3]);
        } else if ((strcmp(w[0], "block") == 0 && n == 3) || (strcmp(w[0], "blocks") == 0 && n == 4)) {
            int times = w[0][5] == 's' ? (int)num(w[1]) : 1;
            unsigned given = (unsigned)num(w[n - 2]);
            executing = (uintptr_t)num(w[n - 1]);
            unsigned cpu = 0;
            for (int i = 0; i < times; i++)
                cpu = vcpu_block_start(given, executing);
            if (cpu != vcpu_running(given + 1) && !R.mttcg)
                printf("vcpu_running disagrees\n");
            printf("%u %s\n", cpu, R.mttcg ? "given" : R.running_known ? "known" : "unknown");
        } else if (strcmp(w[0], "mttcg") == 0 && n == 2) {
            R.mttcg = num(w[1]) != 0;
        } else if (strcmp(w[0], "match") == 0 && n >= 3) {
            uint64_t v[MT_MAX_CPUS];
            for (int i = 3; i < n; i++)
                v[i - 3] = num(w[i]);
            printf("%d\n", vcpu_match_gs(v, (unsigned)(n - 3), num(w[1]), num(w[2])));
        } else if (strcmp(w[0], "trampoline") == 0 && n == 2) {
            call_as_tcg(7, (void *)0x1234, (uintptr_t)num(w[1]));
            printf("%u %#lx %#lx\n", reached.given, (unsigned long)(uintptr_t)reached.udata,
                   (unsigned long)reached.env);
        } else {
            printf("bad command %s\n", w[0]);
        }
        fflush(stdout);
    }
    return 0;
}
