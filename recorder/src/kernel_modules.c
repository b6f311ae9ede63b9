/*
 * Kernel module loading: each memory region of a module becomes a static label named
 * "module:NAME:REGION" over the region's guest addresses, so mscan --modules=DIR can place the
 * module's .ko (debug information) where the kernel loaded it, and readers without module support
 * still see ordinary labels (docs/recorder.md "Kernel modules").
 *
 * do_init_module(mod) runs after the module's sections were copied into its regions and relocated,
 * before its init function: the labels are written at its entry.  The init regions are freed when
 * it returns (their labels are removed then), everything when free_module(mod) runs (unload, or a
 * failed init).
 *
 * Regions: Linux 6.1 has two allocations, struct module_layout core_layout and init_layout
 * (REGION "core" and "init"); from 6.4 struct module_memory mem[MOD_MEM_NUM_TYPES], one
 * allocation per kind (REGION = the mod_mem_type without MOD_, lower case).
 */
#include <stdio.h>
#include <string.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"

struct module_layout_facts KM = { -1, -1, -1, -1, -1, -1, -1, -1, 0 };

enum { MODULE_NAME_LEN = 56, MAX_REGIONS = 7, PENDING_INITS = 16 };

/* enum mod_mem_type of 6.4+ (checked with gdb on 6.12: MOD_DATA 1, ..., MOD_INIT_RODATA 6) */
static const char *const mem_type_names[MAX_REGIONS] = {
    "text", "data", "rodata", "ro_after_init", "init_text", "init_data", "init_rodata",
};

struct region { const char *name; uint64_t base; uint32_t size; bool init; };

/* Init regions labelled at do_init_module entry, removed at its return. */
static struct pending_init { uint64_t mod; unsigned n; uint64_t base[MAX_REGIONS]; } pending[PENDING_INITS];

static bool facts_complete(void)
{
    static bool warned;
    bool old = KM.core_layout >= 0 && KM.init_layout >= 0 && KM.layout_base >= 0 && KM.layout_size >= 0;
    bool mem = KM.mem >= 0 && KM.mem_base >= 0 && KM.mem_size >= 0 && KM.mem_stride > 0;
    if (KM.name >= 0 && (old || mem))
        return true;
    if (!warned)
        fprintf(stderr, "mtrace: hook table lacks the struct module layout (offset module.name and "
                        "module.core_layout/init_layout or module.mem): module loads are not labelled\n");
    warned = true;
    return false;
}

static bool read_region(uint64_t at, int64_t base_off, int64_t size_off, struct region *r)
{
    uint32_t size = 0;
    if (!guest_read_u64(at + (uint64_t)base_off, &r->base) || !guest_read(at + (uint64_t)size_off, &size, 4))
        return false;
    r->size = size;
    return r->base != 0 && size != 0;
}

/* The module's non-empty regions; 0 if the struct cannot be read. */
static unsigned module_regions(uint64_t mod, struct region *out)
{
    unsigned n = 0;
    if (KM.mem >= 0 && KM.mem_stride > 0) {
        for (unsigned t = 0; t < MAX_REGIONS; t++) {
            struct region r = { mem_type_names[t], 0, 0, t >= 4 };
            if (read_region(mod + (uint64_t)KM.mem + t * KM.mem_stride, KM.mem_base, KM.mem_size, &r))
                out[n++] = r;
        }
        return n;
    }
    struct region core = { "core", 0, 0, false }, init = { "init", 0, 0, true };
    if (read_region(mod + (uint64_t)KM.core_layout, KM.layout_base, KM.layout_size, &core))
        out[n++] = core;
    if (read_region(mod + (uint64_t)KM.init_layout, KM.layout_base, KM.layout_size, &init))
        out[n++] = init;
    return n;
}

static struct pending_init *pending_for(uint64_t mod, bool claim)
{
    for (unsigned i = 0; i < PENDING_INITS; i++)
        if (pending[i].mod == mod)
            return &pending[i];
    if (!claim)
        return NULL;
    for (unsigned i = 0; i < PENDING_INITS; i++)
        if (pending[i].mod == 0)
            return &pending[i];
    return NULL;
}

static void remove_pending_inits(unsigned cpu, uint64_t mod, uint64_t pc)
{
    struct pending_init *p = pending_for(mod, false);
    if (!p)
        return;
    for (unsigned i = 0; i < p->n; i++)
        label_free(cpu, MT_LABEL_STATIC, p->base[i], pc);
    memset(p, 0, sizeof *p);
}

void on_do_init_module(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t mod = guest_reg(cpu, REG_RDI), pc = 0;
    char name[MODULE_NAME_LEN + 1] = { 0 };
    struct region r[MAX_REGIONS];
    if (mod == 0 || !facts_complete() || !guest_read(mod + (uint64_t)KM.name, name, MODULE_NAME_LEN))
        return;
    guest_read_u64(guest_reg(cpu, REG_RSP), &pc); /* the call site in load_module */
    unsigned n = module_regions(mod, r);
    struct pending_init *p = pending_for(mod, true);
    for (unsigned i = 0; i < n; i++) {
        char label[MT_STR_LEN];
        snprintf(label, sizeof label, "module:%s:%s", name, r[i].name);
        label_alloc(cpu, MT_LABEL_STATIC, label, r[i].base, r[i].size, pc);
        if (r[i].init && p) {
            p->mod = mod;
            p->base[p->n++] = r[i].base;
        }
    }
}

void module_init_return(unsigned cpu, uint64_t mod, uint64_t unused, uint64_t ret, uint64_t site)
{
    (void)unused;
    (void)ret;
    remove_pending_inits(cpu, mod, site); /* freed on success and on failure */
}

void on_free_module(unsigned cpu, const struct hook *h)
{
    (void)h;
    uint64_t mod = guest_reg(cpu, REG_RDI), pc = 0;
    struct region r[MAX_REGIONS];
    if (mod == 0 || !facts_complete())
        return;
    guest_read_u64(guest_reg(cpu, REG_RSP), &pc);
    remove_pending_inits(cpu, mod, pc);
    unsigned n = module_regions(mod, r);
    for (unsigned i = 0; i < n; i++)
        label_free(cpu, MT_LABEL_STATIC, r[i].base, pc);
}
