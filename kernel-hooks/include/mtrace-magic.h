/*
 * mtrace guest interface: entry layouts (shared/spec/FORMAT.md section 5)
 * and inline hypercalls for guest code (kernel modules, test programs,
 * workload tools).  Our own header, written from the spec; it needs only a
 * C99 compiler for x86-64.
 *
 * A hypercall is `xchg %bx,%bx` with RAX = 1, RBX = address of the entry,
 * RCX = entry type, RDX = entry length.  The recorder fills the 24-byte
 * header itself, so callers fill only the fields after it.  Outside the
 * recorder the instruction is a harmless no-op.
 */
#ifndef MTRACE_MAGIC_H
#define MTRACE_MAGIC_H

#include <stdint.h>
#include <string.h>

enum mtrace_entry_t {
    mtrace_entry_label = 1, mtrace_entry_access, mtrace_entry_host, mtrace_entry_fcall,
    mtrace_entry_segment, mtrace_entry_call, mtrace_entry_lock, mtrace_entry_task,
    mtrace_entry_sched, mtrace_entry_machine, mtrace_entry_appdata, mtrace_entry_ascope,
    mtrace_entry_avar, mtrace_entry_gc, mtrace_entry_gcepoch
};
enum mtrace_label_t { mtrace_label_heap = 1, mtrace_label_block, mtrace_label_static, mtrace_label_percpu };
enum mtrace_host_t { mtrace_access_all_cpu = 1, mtrace_call_clear_cpu, mtrace_call_set_cpu,
                     mtrace_disable_count_cpu, mtrace_enable_count_cpu };
enum mtrace_record_mode_t { mtrace_record_disable = 0, mtrace_record_movement, mtrace_record_ascope,
                            mtrace_record_kernelscope };
enum mtrace_call_state_t { mtrace_start = 1, mtrace_done, mtrace_done_value, mtrace_resume, mtrace_pause };
enum mtrace_lockop_t { mtrace_lockop_acquire = 1, mtrace_lockop_acquired, mtrace_lockop_release };
enum mtrace_task_t { mtrace_task_init = 1, mtrace_task_update, mtrace_task_exit };

/* Every enum field is 4 bytes in the log. */
#define MTRACE_ENUM uint32_t

struct mtrace_entry_header {
    MTRACE_ENUM type;
    uint16_t size;
    uint16_t cpu;
    uint64_t access_count;
    uint64_t ts;
} __attribute__((packed));

struct mtrace_label_entry {
    struct mtrace_entry_header h;
    uint64_t host_addr;
    MTRACE_ENUM label_type;
    char str[64];
    uint64_t guest_addr;
    uint64_t bytes;
    uint64_t pc;
} __attribute__((packed));

struct mtrace_host_entry {
    struct mtrace_entry_header h;
    MTRACE_ENUM host_type;
    uint64_t global_ts;
    union {
        struct { MTRACE_ENUM mode; char str[64]; } __attribute__((packed)) access;
        struct { uint64_t cpu; } call;
    };
} __attribute__((packed));

struct mtrace_fcall_entry {
    struct mtrace_entry_header h;
    uint64_t tid;
    uint64_t pc;
    uint64_t tag;
    uint16_t depth;
    MTRACE_ENUM state;
} __attribute__((packed));

struct mtrace_segment_entry {
    struct mtrace_entry_header h;
    uint64_t baseaddr;
    uint64_t endaddr;
    uint16_t cpu;
    MTRACE_ENUM object_type;
} __attribute__((packed));

struct mtrace_lock_entry {
    struct mtrace_entry_header h;
    uint64_t pc;
    uint64_t lock;
    char str[64];
    MTRACE_ENUM op;
    uint8_t read;
} __attribute__((packed));

struct mtrace_task_entry {
    struct mtrace_entry_header h;
    uint64_t tid;
    uint64_t tgid;
    MTRACE_ENUM task_type;
    char str[64];
} __attribute__((packed));

struct mtrace_sched_entry {
    struct mtrace_entry_header h;
    uint64_t tid;
} __attribute__((packed));

struct mtrace_appdata_entry {
    struct mtrace_entry_header h;
    uint16_t appdata_type;
    uint64_t u64;
} __attribute__((packed));

struct mtrace_ascope_entry {
    struct mtrace_entry_header h;
    uint8_t exit;   /* bit 0 */
    char name[64];
} __attribute__((packed));

struct mtrace_avar_entry {
    struct mtrace_entry_header h;
    uint8_t write;  /* bit 0 */
    char name[64];
} __attribute__((packed));

struct mtrace_gc_entry {
    struct mtrace_entry_header h;
    uint64_t base;
    uint64_t nbytes;
    char name[64];
    uint8_t gc;     /* bit 0 */
} __attribute__((packed));

struct mtrace_gcepoch_entry {
    struct mtrace_entry_header h;
    uint8_t begin;  /* bit 0 */
} __attribute__((packed));

_Static_assert(sizeof(struct mtrace_label_entry) == 124, "label layout");
_Static_assert(sizeof(struct mtrace_fcall_entry) == 54, "fcall layout");
_Static_assert(sizeof(struct mtrace_segment_entry) == 46, "segment layout");
_Static_assert(sizeof(struct mtrace_lock_entry) == 109, "lock layout");
_Static_assert(sizeof(struct mtrace_task_entry) == 108, "task layout");
_Static_assert(sizeof(struct mtrace_sched_entry) == 32, "sched layout");
_Static_assert(sizeof(struct mtrace_appdata_entry) == 34, "appdata layout");
_Static_assert(sizeof(struct mtrace_ascope_entry) == 89, "ascope layout");
_Static_assert(sizeof(struct mtrace_avar_entry) == 89, "avar layout");
_Static_assert(sizeof(struct mtrace_gc_entry) == 105, "gc layout");
_Static_assert(sizeof(struct mtrace_gcepoch_entry) == 25, "gcepoch layout");

/* The host entry is 108 bytes in the log (the original's union is 8-aligned); send 108. */
#define MTRACE_HOST_ENTRY_SIZE 108

/* ---- the hypercall ---------------------------------------------------- */

static inline void mtrace_magic(uint64_t ax, uint64_t bx, uint64_t cx, uint64_t dx)
{
    __asm__ __volatile__("xchg %%bx, %%bx" : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx) : : "memory");
}

static inline void mtrace_entry_register(void *entry, enum mtrace_entry_t type, uint64_t len)
{
    mtrace_magic(1, (uint64_t)(uintptr_t)entry, (uint64_t)type, len);
}

/* Bounded copy, NUL-padded, always terminated (label/host/lock/task rule). */
static inline void mtrace_strcpy(char dst[64], const char *src)
{
    strncpy(dst, src ? src : "", 64);
    dst[63] = 0;
}

/* ---- one helper per guest-originated entry ---------------------------- */

static inline void mtrace_label_register(enum mtrace_label_t type, const void *addr, uint64_t bytes,
                                         const char *name, uint64_t pc)
{
    struct mtrace_label_entry e;
    memset(&e, 0, sizeof e);
    e.label_type = type;
    mtrace_strcpy(e.str, name);
    e.guest_addr = (uint64_t)(uintptr_t)addr;
    e.bytes = bytes;
    e.pc = pc;
    mtrace_entry_register(&e, mtrace_entry_label, sizeof e);
}

static inline void mtrace_label_remove(enum mtrace_label_t type, const void *addr)
{
    mtrace_label_register(type, addr, 0, "", 0);
}

/* Sets the global record mode and names the phase (e.g. the benchmark). */
static inline void mtrace_enable_set(enum mtrace_record_mode_t mode, const char *name)
{
    uint8_t raw[MTRACE_HOST_ENTRY_SIZE];
    struct mtrace_host_entry *e = (struct mtrace_host_entry *)raw;
    memset(raw, 0, sizeof raw);
    e->host_type = mtrace_access_all_cpu;
    e->access.mode = mode;
    mtrace_strcpy(e->access.str, name);
    mtrace_entry_register(raw, mtrace_entry_host, sizeof raw);
}

static inline void mtrace_host_call(enum mtrace_host_t type, uint64_t cpu)
{
    uint8_t raw[MTRACE_HOST_ENTRY_SIZE];
    struct mtrace_host_entry *e = (struct mtrace_host_entry *)raw;
    memset(raw, 0, sizeof raw);
    e->host_type = type;
    e->call.cpu = cpu;
    mtrace_entry_register(raw, mtrace_entry_host, sizeof raw);
}

static inline void mtrace_fcall_register(uint64_t tid, uint64_t pc, uint64_t tag, uint16_t depth,
                                         enum mtrace_call_state_t state)
{
    struct mtrace_fcall_entry e;
    memset(&e, 0, sizeof e);
    e.tid = tid;
    e.pc = pc;
    e.tag = tag;
    e.depth = depth;
    e.state = state;
    mtrace_entry_register(&e, mtrace_entry_fcall, sizeof e);
}

static inline void mtrace_segment_register(uint64_t base, uint64_t end, uint16_t cpu)
{
    struct mtrace_segment_entry e;
    memset(&e, 0, sizeof e);
    e.baseaddr = base;
    e.endaddr = end;
    e.cpu = cpu;
    e.object_type = mtrace_label_percpu;
    mtrace_entry_register(&e, mtrace_entry_segment, sizeof e);
}

static inline void mtrace_lock_register(uint64_t pc, const void *lock, const char *name,
                                        enum mtrace_lockop_t op, int read)
{
    struct mtrace_lock_entry e;
    memset(&e, 0, sizeof e);
    e.pc = pc;
    e.lock = (uint64_t)(uintptr_t)lock;
    mtrace_strcpy(e.str, name);
    e.op = op;
    e.read = read ? 1 : 0;
    mtrace_entry_register(&e, mtrace_entry_lock, sizeof e);
}

static inline void mtrace_task_register(uint64_t tid, uint64_t tgid, enum mtrace_task_t type, const char *comm)
{
    struct mtrace_task_entry e;
    memset(&e, 0, sizeof e);
    e.tid = tid;
    e.tgid = tgid;
    e.task_type = type;
    mtrace_strcpy(e.str, comm);
    mtrace_entry_register(&e, mtrace_entry_task, sizeof e);
}

static inline void mtrace_sched_record(uint64_t tid)
{
    struct mtrace_sched_entry e;
    memset(&e, 0, sizeof e);
    e.tid = tid;
    mtrace_entry_register(&e, mtrace_entry_sched, sizeof e);
}

static inline void mtrace_appdata_register(uint16_t type, uint64_t value)
{
    struct mtrace_appdata_entry e;
    memset(&e, 0, sizeof e);
    e.appdata_type = type;
    e.u64 = value;
    mtrace_entry_register(&e, mtrace_entry_appdata, sizeof e);
}

/* ascope and avar entries share one layout: a flag byte and a 64-byte name (no forced NUL). */
static inline void mtrace_flag_name_register(enum mtrace_entry_t type, int flag, const char *name)
{
    struct mtrace_ascope_entry e;
    memset(&e, 0, sizeof e);
    e.exit = flag ? 1 : 0;
    strncpy(e.name, name, 64);
    mtrace_entry_register(&e, type, sizeof e);
}

static inline void mtrace_ascope_register(int exit, const char *name)
{
    mtrace_flag_name_register(mtrace_entry_ascope, exit, name);
}

static inline void mtrace_avar_register(int write, const char *name)
{
    mtrace_flag_name_register(mtrace_entry_avar, write, name);
}

static inline void mtrace_gc_register(const void *base, uint64_t nbytes, const char *name, int gc)
{
    struct mtrace_gc_entry e;
    memset(&e, 0, sizeof e);
    e.base = (uint64_t)(uintptr_t)base;
    e.nbytes = nbytes;
    strncpy(e.name, name, 64);
    e.gc = gc ? 1 : 0;
    mtrace_entry_register(&e, mtrace_entry_gc, sizeof e);
}

static inline void mtrace_gcepoch_register(int begin)
{
    struct mtrace_gcepoch_entry e;
    memset(&e, 0, sizeof e);
    e.begin = begin ? 1 : 0;
    mtrace_entry_register(&e, mtrace_entry_gcepoch, sizeof e);
}

#endif
