#include "recorder.h"

#include <stdio.h>
#include <string.h>

#include "bgzf_writer.h"
#include "movement.h"

struct recorder R;

uint64_t rec_ts(unsigned cpu)
{
    uint64_t now = R.count_suspended[cpu] ? R.count_suspended_at[cpu] : R.insns[cpu];
    return now - R.count_suspended_total[cpu];
}

uint64_t rec_global_ts(void)
{
    uint64_t sum = 0;
    for (unsigned c = 0; c < R.ncpus; c++)
        sum += rec_ts(c);
    return sum;
}

uint8_t *rec_entry(uint32_t type, uint16_t size, unsigned cpu)
{
    uint8_t *e = bgzf_reserve(R.log, size);
    memset(e, 0, size);
    mt_header(e, type, size, (uint16_t)cpu, R.access_count, type == MT_ACCESS ? 0 : rec_ts(cpu));
    if (type < MT_TYPE_END)
        R.stats.by_type[type]++;
    return e;
}

void rec_host_mode_entry(unsigned cpu, int mode, const char *name)
{
    uint8_t *e = rec_entry(MT_HOST, MT_SIZE_HOST, cpu);
    mt_put32(e, MT_HOST_TYPE, MT_HOST_ACCESS_ALL);
    mt_put64(e, MT_HOST_GLOBAL_TS, rec_global_ts());
    mt_put32(e, MT_HOST_MODE, (uint32_t)mode);
    mt_put_str(e, MT_HOST_STR, name);
    bgzf_flush(R.log); /* phase boundaries reach the file promptly */
}

void rec_set_mode(int mode)
{
    if (mode != MT_MODE_DISABLE && mode != R.mode && mode == MT_MODE_MOVEMENT)
        movement_reset();
    bool toggles = (R.mode == MT_MODE_DISABLE) != (mode == MT_MODE_DISABLE);
    R.mode = mode;
    if (toggles && R.reinstrument)
        R.reinstrument();
}

/*
 * Tag -> abstract-scope depth, open addressing with tombstones so that a
 * deletion never cuts a probe chain (the original's table could, FORMAT.md 6.9).
 */
enum { SCOPE_SLOTS = 1 << 15 };
#define SCOPE_TOMB UINT64_MAX
struct scope_slot { uint64_t tag; int64_t depth; };
static struct scope_slot scopes[SCOPE_SLOTS];

static struct scope_slot *scope_find(uint64_t tag, bool create)
{
    unsigned i = (unsigned)(tag * 0x9e3779b97f4a7c15ULL >> 49) & (SCOPE_SLOTS - 1);
    int free_slot = -1;
    for (unsigned n = 0; n < SCOPE_SLOTS; n++, i = (i + 1) & (SCOPE_SLOTS - 1)) {
        if (scopes[i].tag == tag)
            return &scopes[i];
        if (scopes[i].tag == SCOPE_TOMB && free_slot < 0)
            free_slot = (int)i;
        if (scopes[i].tag == 0) {
            if (!create)
                return NULL;
            if (free_slot < 0)
                free_slot = (int)i;
            break;
        }
    }
    if (!create || free_slot < 0)
        return NULL;
    scopes[free_slot].tag = tag;
    scopes[free_slot].depth = 0;
    return &scopes[free_slot];
}

void rec_track_fcall(unsigned cpu, uint64_t tag, uint32_t state)
{
    switch (state) {
    case MT_FCALL_START:
    case MT_FCALL_RESUME:
        R.cur_tag[cpu] = tag;
        break;
    case MT_FCALL_DONE:
    case MT_FCALL_DONE_VALUE: {
        struct scope_slot *s = tag ? scope_find(tag, false) : NULL;
        if (s)
            s->tag = SCOPE_TOMB;
        R.cur_tag[cpu] = 0;
        break;
    }
    case MT_FCALL_PAUSE:
        R.cur_tag[cpu] = 0;
        break;
    default:
        break;
    }
}

void rec_track_ascope(unsigned cpu, bool exit, const uint8_t *name64)
{
    uint64_t tag = R.cur_tag[cpu];
    if (tag == 0 || tag == SCOPE_TOMB) {
        fprintf(stderr, "mtrace: ascope (%s, %.64s) with no stack tag on cpu %u\n",
                exit ? "exit" : "enter", (const char *)name64, cpu);
        return;
    }
    struct scope_slot *s = scope_find(tag, true);
    if (s)
        s->depth += exit ? -1 : 1;
}

bool rec_in_ascope(unsigned cpu)
{
    uint64_t tag = R.cur_tag[cpu];
    if (tag == 0)
        return false;
    struct scope_slot *s = scope_find(tag, false);
    return s && s->depth > 0;
}

void rec_fcall(unsigned cpu, uint64_t tid, uint64_t pc, uint64_t tag, uint16_t depth, uint32_t state)
{
    uint8_t *e = rec_entry(MT_FCALL, MT_SIZE_FCALL, cpu);
    mt_put64(e, MT_FCALL_TID, tid);
    mt_put64(e, MT_FCALL_PC, pc);
    mt_put64(e, MT_FCALL_TAG, tag);
    mt_put16(e, MT_FCALL_DEPTH, depth);
    mt_put32(e, MT_FCALL_STATE, state);
    rec_track_fcall(cpu, tag, state);
}
