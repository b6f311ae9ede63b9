/*
 * mtrace log entry layouts (shared/spec/FORMAT.md section 5): packed,
 * little-endian, fixed offsets.  Entries are built in a caller-owned byte
 * array with the put helpers, so nothing here allocates.
 */
#ifndef MTRACE_ENTRIES_H
#define MTRACE_ENTRIES_H

#include <stdint.h>
#include <string.h>

enum mt_type {
    MT_LABEL = 1, MT_ACCESS = 2, MT_HOST = 3, MT_FCALL = 4, MT_SEGMENT = 5, MT_CALL = 6,
    MT_LOCK = 7, MT_TASK = 8, MT_SCHED = 9, MT_MACHINE = 10, MT_APPDATA = 11,
    MT_ASCOPE = 12, MT_AVAR = 13, MT_GC = 14, MT_GCEPOCH = 15, MT_TYPE_END = 16
};

enum { MT_HEADER_SIZE = 24, MT_MAX_ENTRY = 124 };
enum { MT_SIZE_LABEL = 124, MT_SIZE_ACCESS = 54, MT_SIZE_HOST = 108, MT_SIZE_FCALL = 54,
       MT_SIZE_SCHED = 32, MT_SIZE_SEGMENT = 46, MT_SIZE_MACHINE = 51, MT_SIZE_TASK = 108 };

enum mt_label_type { MT_LABEL_HEAP = 1, MT_LABEL_BLOCK = 2, MT_LABEL_STATIC = 3, MT_LABEL_PERCPU = 4 };
enum mt_access_type { MT_LD = 1, MT_ST = 2, MT_IW = 3 };
enum mt_host_type { MT_HOST_ACCESS_ALL = 1, MT_HOST_CALL_CLEAR = 2, MT_HOST_CALL_SET = 3,
                    MT_HOST_DISABLE_COUNT = 4, MT_HOST_ENABLE_COUNT = 5 };
enum mt_mode { MT_MODE_DISABLE = 0, MT_MODE_MOVEMENT = 1, MT_MODE_ASCOPE = 2, MT_MODE_KERNELSCOPE = 3 };
enum mt_fcall_state { MT_FCALL_START = 1, MT_FCALL_DONE = 2, MT_FCALL_DONE_VALUE = 3,
                      MT_FCALL_RESUME = 4, MT_FCALL_PAUSE = 5 };
enum mt_task_type { MT_TASK_INIT = 1, MT_TASK_UPDATE = 2, MT_TASK_EXIT = 3 };

/* Field offsets used by the recorder (FORMAT.md 5.x). */
enum {
    MT_LABEL_HOST_ADDR = 24, MT_LABEL_TYPE = 32, MT_LABEL_STR = 36, MT_LABEL_GUEST_ADDR = 100,
    MT_LABEL_BYTES = 108, MT_LABEL_PC = 116,
    MT_ACCESS_TYPE = 24, MT_ACCESS_FLAGS = 28, MT_ACCESS_PC = 29, MT_ACCESS_HOST_ADDR = 37,
    MT_ACCESS_GUEST_ADDR = 45, MT_ACCESS_BYTES = 53,
    MT_HOST_TYPE = 24, MT_HOST_GLOBAL_TS = 28, MT_HOST_MODE = 36, MT_HOST_STR = 40, MT_HOST_CALL_CPU = 36,
    MT_FCALL_TID = 24, MT_FCALL_PC = 32, MT_FCALL_TAG = 40, MT_FCALL_DEPTH = 48, MT_FCALL_STATE = 50,
    MT_TASK_TID = 24, MT_TASK_TGID = 32, MT_TASK_TYPE = 40, MT_TASK_STR = 44,
    MT_SCHED_TID = 24,
    MT_SEGMENT_BASE = 24, MT_SEGMENT_END = 32, MT_SEGMENT_CPU = 40, MT_SEGMENT_TYPE = 42,
    MT_MACHINE_NUM_CPUS = 24, MT_MACHINE_NUM_RAM = 26, MT_MACHINE_QUANTUM = 34, MT_MACHINE_SAMPLE = 42,
    MT_MACHINE_FLAGS = 50,
    MT_ASCOPE_FLAGS = 24
};

enum { MT_STR_LEN = 64 };

static inline void mt_put16(uint8_t *b, unsigned off, uint16_t v) { memcpy(b + off, &v, 2); }
static inline void mt_put32(uint8_t *b, unsigned off, uint32_t v) { memcpy(b + off, &v, 4); }
static inline void mt_put64(uint8_t *b, unsigned off, uint64_t v) { memcpy(b + off, &v, 8); }
static inline uint16_t mt_get16(const uint8_t *b, unsigned off) { uint16_t v; memcpy(&v, b + off, 2); return v; }
static inline uint32_t mt_get32(const uint8_t *b, unsigned off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static inline uint64_t mt_get64(const uint8_t *b, unsigned off) { uint64_t v; memcpy(&v, b + off, 8); return v; }

/* Writes the 24-byte common header. */
static inline void mt_header(uint8_t *b, uint32_t type, uint16_t size, uint16_t cpu,
                             uint64_t access_count, uint64_t ts)
{
    mt_put32(b, 0, type);
    mt_put16(b, 4, size);
    mt_put16(b, 6, cpu);
    mt_put64(b, 8, access_count);
    mt_put64(b, 16, ts);
}

/* char[64] with the guest helpers' rule: at most 63 bytes, NUL-terminated, zero-padded. */
static inline void mt_put_str(uint8_t *b, unsigned off, const char *s)
{
    size_t n = 0;
    while (n < MT_STR_LEN - 1 && s[n])
        n++;
    memcpy(b + off, s, n);
    memset(b + off + n, 0, MT_STR_LEN - n);
}

#endif
