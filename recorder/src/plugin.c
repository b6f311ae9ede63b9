/*
 * mtrace recorder: a QEMU (>= 9.2, plugin API 4) TCG plugin that writes the
 * mtrace log of shared/spec/FORMAT.md for an x86-64 system guest.
 *
 *   -plugin libmtrace.so,out=LOG[,hooks=TABLE][,mode=MODE][,all=on][,locked=on][,calls=on]
 *           [,sample=N][,level=N][,ram=BYTES][,stats=FILE][,lazy=off][,quiet=on][,scope=user|kernel|all]
 *
 * Wiring only: argument parsing, translation-time instrumentation and the
 * access hot path live here; the log writer, movement filter, hypercalls,
 * call tracing and kernel hooks each have their own file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgzf_writer.h"
#include "call_trace.h"
#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "hypercall.h"
#include "kernel_hooks.h"
#include "movement.h"
#include "qemu_api.h"
#include "recorder.h"
#include "vcpu_identity.h"

MTRACE_EXPORT int qemu_plugin_version = MTRACE_PLUGIN_API_VERSION;

static const char *stats_path;
static qemu_plugin_id_t plugin_id;
static bool lazy = true;          /* memory callbacks only while recording is on */
static bool instrument_memory;    /* decision for code translated from now on */
static bool reset_pending;
static bool trace_calls;          /* -mtrace-calls */
static pthread_t vcpu_thread[MT_MAX_CPUS];

/*
 * scope=: which privilege level's accesses are recorded.  Decided per
 * translated block from the CPL it was translated at: QEMU keys translated
 * code by its hflags, which hold the CPL, so a block translated at CPL 3 only
 * ever runs at CPL 3 (and every privilege change ends a block).  Out-of-scope
 * blocks get no memory callbacks at all, so a scope also saves time.
 */
enum scope { SCOPE_ALL, SCOPE_USER, SCOPE_KERNEL };
static enum scope scope = SCOPE_ALL;
static const char *const scope_names[] = { "all", "user", "kernel" };
static uint64_t blocks_out_of_scope;

static bool in_scope(void)
{
    if (scope == SCOPE_ALL)
        return true;
    int cpl = guest_translating_cpl();
    if (cpl < 0) {
        fprintf(stderr, "mtrace: scope=%s: QEMU does not let the plugin read CS while translating\n",
                scope_names[scope]);
        exit(2);
    }
    bool in = scope == SCOPE_USER ? cpl == 3 : cpl != 3;
    if (!in)
        blocks_out_of_scope++;
    return in;
}

/* ---- the access hot path ---------------------------------------------- */

static inline void on_access(unsigned given_cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, uint64_t pc,
                             bool lock_prefix)
{
    unsigned cpu = vcpu_running(given_cpu);
    R.stats.seen++;
    int mode = R.mode;
    if (mode == MT_MODE_DISABLE)
        return;
    if (mode == MT_MODE_KERNELSCOPE && pc < MT_KERNEL_START)
        return;
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    if (!hw || qemu_plugin_hwaddr_is_io(hw))
        return; /* I/O memory is not recorded (FORMAT.md 6.3) */
    uint64_t pa = qemu_plugin_hwaddr_phys_addr(hw);
    bool store = qemu_plugin_mem_is_store(info);
    unsigned bytes = 1u << qemu_plugin_mem_size_shift(info);

    rec_lock();
    if (mode == MT_MODE_ASCOPE && !rec_in_ascope(cpu)) {
        rec_unlock();
        return;
    }
    uint64_t index = R.access_count++;
    R.stats.enabled++;
    if (!R.mttcg && !R.running_known)
        R.stats.unidentified++;
    bool traffic = true;
    if (mode == MT_MODE_MOVEMENT && !R.all) {
        traffic = movement_access_sized(pa, bytes, cpu, store);
    }
    bool lock = lock_prefix && R.locked;
    if ((traffic || lock) && (R.sample <= 1 || R.sample_counter++ % R.sample == 0)) {
        uint8_t *e = bgzf_reserve(R.log, MT_SIZE_ACCESS);
        mt_header(e, MT_ACCESS, MT_SIZE_ACCESS, (uint16_t)cpu, index, 0);
        mt_put32(e, MT_ACCESS_TYPE, store ? MT_ST : MT_LD);
        e[MT_ACCESS_FLAGS] = (uint8_t)((traffic ? 1 : 0) | (lock ? 2 : 0));
        mt_put64(e, MT_ACCESS_PC, pc);
        mt_put64(e, MT_ACCESS_HOST_ADDR, pa);
        mt_put64(e, MT_ACCESS_GUEST_ADDR, vaddr);
        e[MT_ACCESS_BYTES] = (uint8_t)bytes;
        R.stats.logged++;
        R.stats.by_type[MT_ACCESS]++;
    }
    rec_unlock();
}

static void on_access_plain(unsigned cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    on_access(cpu, info, vaddr, (uint64_t)(uintptr_t)udata, false);
}

static void on_access_locked(unsigned cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    on_access(cpu, info, vaddr, (uint64_t)(uintptr_t)udata, true);
}

/* ---- translation ------------------------------------------------------ */

/* True if the instruction carries a LOCK (F0) prefix among its legacy/REX prefixes. */
static bool has_lock_prefix(const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t p = b[i];
        if (p == 0xf0)
            return true;
        bool legacy = p == 0x66 || p == 0x67 || p == 0xf2 || p == 0xf3 || p == 0x2e || p == 0x36 ||
                      p == 0x3e || p == 0x26 || p == 0x64 || p == 0x65 || (p & 0xf0) == 0x40;
        if (!legacy)
            return false;
    }
    return false;
}

/*
 * A block's callback data packs its instruction count (low 15 bits; a block has
 * at most 512) and whether it starts at a watched return site (bit 15) with the
 * low 48 bits of its address (canonical x86-64 addresses sign-extend bit 47).
 */
enum { BLOCK_INSNS = 0x7fff, BLOCK_RETURN_SITE = 0x8000 };
static void *pack_block(uint64_t vaddr, size_t n, bool return_site)
{
    return (void *)(uintptr_t)((vaddr << 16) | (return_site ? BLOCK_RETURN_SITE : 0) | (n & BLOCK_INSNS));
}

/*
 * Block start, reached through mt_tb_exec_trampoline (vcpu_identity.c), which
 * adds the executing vCPU's env pointer: QEMU's index is the translator's
 * under round-robin TCG.
 */
void mt_tb_exec_trampoline(unsigned given_cpu, void *udata);
void mt_tb_exec(unsigned given_cpu, void *udata, uintptr_t env);

void mt_tb_exec(unsigned given_cpu, void *udata, uintptr_t env)
{
    unsigned cpu = vcpu_block_start(given_cpu, env);
    uint64_t packed = (uint64_t)(uintptr_t)udata;
    R.insns[cpu] += packed & BLOCK_INSNS;
    if (trace_calls && !(packed & BLOCK_RETURN_SITE)) /* at a return site, its hook emits it (kernel_hooks.h) */
        call_trace_block(cpu, (uint64_t)((int64_t)packed >> 16));
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    bool memory = instrument_memory && in_scope();
    /*
     * Instruction counting with a TB callback, not an inline op: inline
     * per-vCPU ops corrupted the guest under QEMU 10.0.2 (kernel BUGs at
     * boot, reproducible; see docs/recorder.md).
     */
    /* asked once, for the block's callback and its first instruction's hooks alike */
    bool return_site = hooks_is_return_site(qemu_plugin_tb_vaddr(tb));
    /* R_REGS: identifying the vCPU may read its GS bases (at block start nothing is unsynced). */
    qemu_plugin_register_vcpu_tb_exec_cb(tb, mt_tb_exec_trampoline, QEMU_PLUGIN_CB_R_REGS,
                                         pack_block(qemu_plugin_tb_vaddr(tb), n, return_site));
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        uint8_t bytes[16];
        size_t len = qemu_plugin_insn_data(insn, bytes, sizeof bytes);
        if (hypercall_is_magic(bytes, len))
            qemu_plugin_register_vcpu_insn_exec_cb(insn, hypercall_exec, QEMU_PLUGIN_CB_R_REGS, NULL);
        hooks_instrument(insn, pc, i == 0 ? return_site : -1);
        if (trace_calls)
            call_trace_instrument(insn, pc, bytes, len);
        if (memory)
            qemu_plugin_register_vcpu_mem_cb(insn, has_lock_prefix(bytes, len) ? on_access_locked : on_access_plain,
                                         QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, (void *)(uintptr_t)pc);
    }
}

/* ---- lifecycle -------------------------------------------------------- */

static void on_vcpu_init(qemu_plugin_id_t id, unsigned int cpu)
{
    (void)id;
    if (cpu >= MT_MAX_CPUS)
        return;
    guest_init_vcpu(cpu);
    /* vCPUs on different host threads (multi-threaded TCG): serialise the recorder. */
    vcpu_thread[cpu] = pthread_self();
    for (unsigned c = 0; c < cpu; c++)
        if (vcpu_thread[c] && !pthread_equal(vcpu_thread[c], vcpu_thread[cpu]))
            R.mttcg = true;
    if (cpu > 0 && !R.mttcg && !K.per_cpu_offset_sym) {
        /* Without the per-CPU bases every access would carry the translating vCPU (vcpu_identity.h). */
        fprintf(stderr, "mtrace: %u vCPUs under single-threaded TCG: the recorder tells vCPUs apart by their "
                        "per-CPU areas and needs the hook table's '__per_cpu_offset' symbol (hooks=TABLE); "
                        "or run QEMU with -accel tcg,thread=multi\n", R.ncpus);
        exit(2);
    }
}

static void write_stats(void)
{
    static const char *const names[MT_TYPE_END] = {
        "", "label", "access", "host", "fcall", "segment", "call", "lock", "task", "sched",
        "machine", "appdata", "ascope", "avar", "gc", "gcepoch"
    };
    FILE *f = stats_path ? fopen(stats_path, "w") : NULL;
    FILE *outs[2] = { f, R.quiet ? NULL : stderr };
    for (int k = 0; k < 2; k++) {
        FILE *o = outs[k];
        if (!o)
            continue;
        fprintf(o, "accesses_seen=%" PRIu64 "\naccesses_enabled=%" PRIu64 "\naccesses_logged=%" PRIu64 "\n",
                R.stats.seen, R.stats.enabled, R.stats.logged);
        fprintf(o, "log_bytes_uncompressed=%" PRIu64 "\ndropped_hypercalls=%" PRIu64 "\nmttcg=%d\n",
                bgzf_bytes_in(R.log), R.stats.dropped_hypercalls, R.mttcg);
        fprintf(o, "hooked_calls=%" PRIu64 "\nhooked_returns=%" PRIu64 "\n", R.stats.hooked_calls,
                R.stats.hooked_returns);
        fprintf(o, "vcpus_identified=%u\nblocks_unidentified=%" PRIu64 "\naccesses_unidentified=%" PRIu64 "\n",
                vcpu_resolved_count(), vcpu_unresolved_blocks(), R.stats.unidentified);
        fprintf(o, "scope=%s\nblocks_out_of_scope=%" PRIu64 "\n", scope_names[scope], blocks_out_of_scope);
        fprintf(o, "log_write_ns=%" PRIu64 "\nbackpressure_stall_ns=%" PRIu64 "\n", bgzf_write_ns(R.log),
                bgzf_stall_ns(R.log));
        for (int t = 1; t < MT_TYPE_END; t++)
            if (R.stats.by_type[t])
                fprintf(o, "entries.%s=%" PRIu64 "\n", names[t], R.stats.by_type[t]);
    }
    if (f)
        fclose(f);
}

static void on_exit_cb(qemu_plugin_id_t id, void *udata);

static void register_callbacks(qemu_plugin_id_t id)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
}

static void close_log_once(void)
{
    static bool closed;
    rec_lock();
    if (closed) {
        rec_unlock();
        return;
    }
    closed = true;
    /* Guest power-off, panic (-no-reboot), SIGTERM or SIGINT: the log still ends with recording disabled. */
    if (R.mode != MT_MODE_DISABLE) {
        rec_host_mode_entry(R.running_cpu, MT_MODE_DISABLE, "recorder exit");
        R.mode = MT_MODE_DISABLE;
    }
    int rc = bgzf_close(R.log);
    write_stats();
    if (rc != 0)
        fprintf(stderr, "mtrace: the log may be incomplete (write error)\n");
    rec_unlock();
}

static void on_exit_cb(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    close_log_once();
}

static void register_callbacks(qemu_plugin_id_t id);

/*
 * Recording was switched on or off: have QEMU drop all translated code so
 * that it is translated again with (or without) memory callbacks.  The reset
 * unregisters every callback; they are registered again when it completes.
 * Accesses executed before that still reach on_access, which filters by mode.
 */
static void on_reset_done(qemu_plugin_id_t id)
{
    reset_pending = false;
    register_callbacks(id);
}

static void reinstrument(void)
{
    instrument_memory = R.mode != MT_MODE_DISABLE;
    if (!reset_pending) {
        reset_pending = true;
        qemu_plugin_reset(plugin_id, on_reset_done);
    }
}

static void write_machine_entry(bool calls)
{
    /* Written before any vCPU exists, so not through rec_entry (no per-CPU count yet). */
    uint8_t *e = bgzf_reserve(R.log, MT_SIZE_MACHINE);
    memset(e, 0, MT_SIZE_MACHINE);
    mt_header(e, MT_MACHINE, MT_SIZE_MACHINE, 0, 0, 0);
    R.stats.by_type[MT_MACHINE]++;
    mt_put16(e, MT_MACHINE_NUM_CPUS, (uint16_t)R.ncpus);
    mt_put64(e, MT_MACHINE_NUM_RAM, R.ram_bytes);
    mt_put64(e, MT_MACHINE_QUANTUM, 0);
    mt_put64(e, MT_MACHINE_SAMPLE, R.sample);
    e[MT_MACHINE_FLAGS] = (uint8_t)((R.locked ? 1 : 0) | (calls ? 2 : 0));
}

static int parse_mode(const char *v)
{
    static const char *const modes[] = { "disable", "movement", "ascope", "kernelscope" };
    for (int m = 0; m < 4; m++)
        if (strcmp(v, modes[m]) == 0)
            return m;
    return -1;
}

static bool parse_u64(const char *v, uint64_t *out)
{
    char *end;
    unsigned long long x = strtoull(v, &end, 0);
    if (end == v)
        return false;
    switch (*end) {
    case 'K': case 'k': x <<= 10; end++; break;
    case 'M': case 'm': x <<= 20; end++; break;
    case 'G': case 'g': x <<= 30; end++; break;
    default: break;
    }
    if (*end)
        return false;
    *out = x;
    return true;
}

static int usage(const char *why)
{
    fprintf(stderr, "mtrace: %s\nusage: -plugin libmtrace.so,out=LOG[,hooks=TABLE][,mode=disable|movement|"
                    "ascope|kernelscope][,all=on][,locked=on][,sample=N][,level=0-9][,ram=BYTES]"
                    "[,calls=on][,stats=FILE][,lazy=off][,quiet=on][,scope=user|kernel|all]\n", why);
    return 2;
}

MTRACE_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    const char *out = NULL, *hooks = NULL;
    uint64_t level = 1;
    int start_mode = MT_MODE_DISABLE;
    R.sample = 1;
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            return usage("plugin arguments are KEY=VALUE");
        *eq = 0;
        const char *k = argv[i], *v = eq + 1;
        bool flag = strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
        if (strcmp(k, "out") == 0) out = v;
        else if (strcmp(k, "hooks") == 0) hooks = v;
        else if (strcmp(k, "stats") == 0) stats_path = v;
        else if (strcmp(k, "all") == 0) R.all = flag;
        else if (strcmp(k, "locked") == 0) R.locked = flag;
        else if (strcmp(k, "quiet") == 0) R.quiet = flag;
        else if (strcmp(k, "lazy") == 0) lazy = flag;
        else if (strcmp(k, "calls") == 0) trace_calls = flag;
        else if (strcmp(k, "mode") == 0) {
            if ((start_mode = parse_mode(v)) < 0)
                return usage("mode must be disable, movement, ascope or kernelscope");
        } else if (strcmp(k, "scope") == 0) {
            int i = 0;
            while (i < 3 && strcmp(v, scope_names[i]) != 0)
                i++;
            if (i == 3)
                return usage("scope must be user, kernel or all");
            scope = (enum scope)i;
        } else if (strcmp(k, "sample") == 0) {
            if (!parse_u64(v, &R.sample) || R.sample == 0)
                return usage("sample must be a positive integer");
        } else if (strcmp(k, "level") == 0) {
            if (!parse_u64(v, &level) || level > 9)
                return usage("level must be 0..9");
        } else if (strcmp(k, "ram") == 0) {
            if (!parse_u64(v, &R.ram_bytes))
                return usage("ram must be a byte count (suffix K, M or G allowed)");
        } else {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown plugin argument '%s'", k);
            return usage(msg);
        }
    }
    if (!out)
        return usage("missing out=LOG");
    if (!info->system_emulation || strcmp(info->target_name, "x86_64") != 0)
        return usage("the recorder needs qemu-system-x86_64");
    R.ncpus = (unsigned)info->system.max_vcpus;
    if (R.ncpus > MT_MAX_CPUS) {
        char msg[96];
        snprintf(msg, sizeof msg, "at most %d vCPUs are supported (got %u)", MT_MAX_CPUS, R.ncpus);
        return usage(msg);
    }
    pthread_mutex_init(&R.lock, NULL);
    movement_init();
    if (hooks && !hooks_load(hooks))
        return 2;
    R.log = bgzf_open(out, (int)level);
    if (!R.log)
        return 2;
    call_trace_init();
    write_machine_entry(trace_calls);
    if (start_mode != MT_MODE_DISABLE)
        rec_host_mode_entry(0, start_mode, "recorder start");
    rec_set_mode(start_mode);

    plugin_id = id;
    /* Also at process exit, in case QEMU exits while a reset has our atexit callback unregistered. */
    atexit(close_log_once);
    instrument_memory = !lazy || start_mode != MT_MODE_DISABLE;
    if (lazy)
        R.reinstrument = reinstrument;
    qemu_plugin_register_vcpu_init_cb(id, on_vcpu_init);
    register_callbacks(id);
    if (!R.quiet)
        fprintf(stderr, "mtrace: recording to %s (%u vCPUs, %u kernel hooks, mode %d%s)\n", out, R.ncpus,
                hooks_count(), start_mode, R.all ? ", all accesses" : "");
    return 0;
}
