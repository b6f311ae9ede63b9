#include "hypercall.h"

#include <stdio.h>
#include <string.h>

#include "bgzf_writer.h"
#include "call_trace.h"
#include "entries.h"
#include "guest.h"
#include "recorder.h"
#include "vcpu_identity.h"

enum { HYPERCALL_REGISTER_ENTRY = 1 };

bool hypercall_is_magic(const uint8_t *b, size_t len)
{
    /* 87 DB = xchg %ebx,%ebx; with 66 it is %bx, with REX.W (48) %rbx. */
    if (len == 2)
        return b[0] == 0x87 && b[1] == 0xdb;
    if (len == 3)
        return (b[0] == 0x66 || b[0] == 0x48) && b[1] == 0x87 && b[2] == 0xdb;
    return false;
}

/* Entry types only the emulator produces; a guest may not forge them. */
static bool guest_may_send(uint32_t type)
{
    return type >= MT_LABEL && type < MT_TYPE_END && type != MT_ACCESS && type != MT_CALL &&
           type != MT_MACHINE;
}

static void drop(unsigned cpu, const char *why, uint64_t a, uint64_t b)
{
    R.stats.dropped_hypercalls++;
    if (R.stats.dropped_hypercalls <= 20)
        fprintf(stderr, "mtrace: cpu %u: hypercall dropped: %s (0x%llx, 0x%llx)\n", cpu, why,
                (unsigned long long)a, (unsigned long long)b);
}

/* Host entry commands; returns false if the entry must not be logged. */
static bool apply_host(unsigned cpu, uint8_t *e)
{
    uint32_t host_type = mt_get32(e, MT_HOST_TYPE);
    mt_put64(e, MT_HOST_GLOBAL_TS, rec_global_ts());
    switch (host_type) {
    case MT_HOST_ACCESS_ALL: {
        uint32_t mode = mt_get32(e, MT_HOST_MODE);
        if (mode > MT_MODE_KERNELSCOPE) {
            drop(cpu, "unknown record mode", mode, 0);
            return false;
        }
        rec_set_mode((int)mode);
        return true;
    }
    case MT_HOST_CALL_CLEAR:
    case MT_HOST_CALL_SET:
        call_trace_switch(cpu, mt_get64(e, MT_HOST_CALL_CPU), host_type == MT_HOST_CALL_SET);
        return true;
    case MT_HOST_DISABLE_COUNT:
        if (!R.count_suspended[cpu]) {
            R.count_suspended_at[cpu] = R.insns[cpu];
            R.count_suspended[cpu] = true;
        }
        return false;
    case MT_HOST_ENABLE_COUNT:
        if (R.count_suspended[cpu]) {
            uint64_t now = R.insns[cpu];
            R.count_suspended_total[cpu] += now - R.count_suspended_at[cpu];
            R.count_suspended[cpu] = false;
        }
        return false;
    default:
        drop(cpu, "unknown host type", host_type, 0);
        return false;
    }
}

static void register_entry(unsigned cpu);

void hypercall_exec(unsigned given_cpu, void *udata)
{
    unsigned cpu = vcpu_running(given_cpu); /* QEMU's index may be the translator's */
    (void)udata;
    rec_lock();
    if (guest_reg(cpu, REG_RAX) == HYPERCALL_REGISTER_ENTRY)
        register_entry(cpu);
    /* any other RAX: not ours, the instruction is a plain no-op (the original aborted) */
    rec_unlock();
}

static void register_entry(unsigned cpu)
{
    uint64_t addr = guest_reg(cpu, REG_RBX);
    uint64_t type = guest_reg(cpu, REG_RCX);
    uint64_t len = guest_reg(cpu, REG_RDX);
    if (!guest_may_send((uint32_t)type) || type > UINT32_MAX) {
        drop(cpu, "entry type not accepted from the guest", type, len);
        return;
    }
    if (len < MT_HEADER_SIZE || len > MT_MAX_ENTRY) {
        drop(cpu, "bad entry length", type, len);
        return;
    }
    uint8_t buf[MT_MAX_ENTRY] = { 0 }; /* fields past a short length read as 0 */
    if (!guest_read(addr, buf, len)) {
        drop(cpu, "entry not readable at guest address", addr, len);
        return;
    }

    /* The emulator owns the header (FORMAT.md 6.2 step 3). */
    mt_header(buf, (uint32_t)type, (uint16_t)len, (uint16_t)cpu, R.access_count, rec_ts(cpu));
    bool log = true;
    switch (type) {
    case MT_LABEL:
        if (len >= MT_LABEL_GUEST_ADDR + 8)
            mt_put64(buf, MT_LABEL_HOST_ADDR, guest_kernel_phys(mt_get64(buf, MT_LABEL_GUEST_ADDR)));
        break;
    case MT_HOST:
        log = len >= MT_HOST_MODE + 4 ? apply_host(cpu, buf) : false;
        break;
    case MT_FCALL:
        if (len >= MT_FCALL_STATE + 4)
            rec_track_fcall(cpu, mt_get64(buf, MT_FCALL_TAG), mt_get32(buf, MT_FCALL_STATE));
        break;
    case MT_ASCOPE:
        if (len >= MT_ASCOPE_FLAGS + 1 + MT_STR_LEN)
            rec_track_ascope(cpu, buf[MT_ASCOPE_FLAGS] & 1, buf + MT_ASCOPE_FLAGS + 1);
        break;
    default:
        break;
    }
    if (log) {
        memcpy(bgzf_reserve(R.log, len), buf, len);
        R.stats.by_type[type]++;
        if (type == MT_HOST)
            bgzf_flush(R.log); /* phase boundaries reach the file promptly */
    }
}
