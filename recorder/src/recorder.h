/*
 * Recorder state shared by the access path, the hypercall path and the
 * kernel hooks: the log, the record mode, the global access counter, per-CPU
 * instruction counts, and the per-CPU call-stack tag used by ascope mode.
 */
#ifndef MTRACE_RECORDER_H
#define MTRACE_RECORDER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "entries.h"
#include "qemu_api.h"

enum { MT_MAX_CPUS = 64 };

/* First address of the x86-64 kernel half; "kernel mode" for kernelscope. */
#define MT_KERNEL_START 0xffff800000000000ULL

struct recorder_stats {
    uint64_t seen;       /* every RAM data access the plugin observed */
    uint64_t enabled;    /* accesses counted in access_count (recording on, scope matched) */
    uint64_t logged;     /* access entries written */
    uint64_t by_type[MT_TYPE_END];
    uint64_t dropped_hypercalls;
    uint64_t hooked_calls;     /* kernel hook entries that wait for a return value */
    uint64_t hooked_returns;   /* ... whose return value was caught */
    uint64_t unidentified;     /* enabled accesses of a vCPU whose CPU number was not known yet */
};

struct recorder {
    struct bgzf_writer *log;
    unsigned ncpus;
    int mode;                 /* enum mt_mode */
    bool all;                 /* -mtrace-all: no movement filter */
    bool locked;              /* -mtrace-locked */
    bool quiet;
    uint64_t sample;          /* keep 1 of N filtered accesses */
    uint64_t sample_counter;
    uint64_t access_count;
    uint64_t ram_bytes;
    bool mttcg;               /* vCPUs on several host threads: serialise */
    unsigned running_cpu;     /* round-robin TCG: the vCPU executing now (vcpu_identity.h) */
    bool running_known;       /* ... identified by its per-CPU area, not QEMU's baked index */
    /*
     * Set by the plugin when memory callbacks are only compiled into
     * translated code while recording is on; called when that changes.
     */
    void (*reinstrument)(void);
    pthread_mutex_t lock;
    uint64_t insns[MT_MAX_CPUS]; /* guest instructions executed per vCPU (whole TBs) */
    uint64_t count_suspended_at[MT_MAX_CPUS];
    uint64_t count_suspended_total[MT_MAX_CPUS];
    bool count_suspended[MT_MAX_CPUS];
    uint64_t cur_tag[MT_MAX_CPUS]; /* current call-stack tag per CPU (ascope mode) */
    struct recorder_stats stats;
};

extern struct recorder R;

static inline void rec_lock(void) { if (R.mttcg) pthread_mutex_lock(&R.lock); }
static inline void rec_unlock(void) { if (R.mttcg) pthread_mutex_unlock(&R.lock); }

/* Per-CPU instruction count (FORMAT.md 6.6), minus suspended stretches. */
uint64_t rec_ts(unsigned cpu);
/* Sum of rec_ts over all CPUs (host entry global_ts). */
uint64_t rec_global_ts(void);

/*
 * Reserves an entry of `size` bytes in the log, fills its header (type, size,
 * cpu, current access_count, ts of cpu) and returns it zeroed past the header.
 */
uint8_t *rec_entry(uint32_t type, uint16_t size, unsigned cpu);

/*
 * Writes a host access_all_cpu entry that the recorder itself issues (phase
 * name, new mode), so every log brackets its recording with enable/disable
 * entries even when the guest never runs mtrace-ctl.  Does not apply the mode.
 */
void rec_host_mode_entry(unsigned cpu, int mode, const char *name);

/* Applies a mode change requested by a host entry (reset on entering movement). */
void rec_set_mode(int mode);

/* Call-stack bookkeeping for ascope mode, fed by every fcall/ascope entry. */
void rec_track_fcall(unsigned cpu, uint64_t tag, uint32_t state);
void rec_track_ascope(unsigned cpu, bool exit, const uint8_t *name64);
bool rec_in_ascope(unsigned cpu);

/* Writes an fcall entry and tracks it. */
void rec_fcall(unsigned cpu, uint64_t tid, uint64_t pc, uint64_t tag, uint16_t depth, uint32_t state);

#endif
