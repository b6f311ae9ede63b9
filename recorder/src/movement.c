#include "movement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    LINE_SHIFT = 6,
    CHUNK_SHIFT = 21,                           /* 2 MiB of guest physical memory */
    LINES_PER_CHUNK = 1 << (CHUNK_SHIFT - LINE_SHIFT),
    PHYS_BITS = 46,                             /* covers any x86-64 guest RAM layout */
    NCHUNKS = 1 << (PHYS_BITS - CHUNK_SHIFT)
};

struct chunk {
    uint64_t epoch;
    uint64_t mask[LINES_PER_CHUNK];
};

static struct chunk **chunks;
static uint64_t epoch = 1;

void movement_init(void)
{
    chunks = calloc(NCHUNKS, sizeof(*chunks));
    if (!chunks) {
        fprintf(stderr, "mtrace: out of memory for the cache-line table\n");
        abort();
    }
}

void movement_reset(void)
{
    epoch++;
}

static struct chunk *chunk_for(uint64_t pa)
{
    uint64_t i = (pa >> CHUNK_SHIFT) & (NCHUNKS - 1);
    struct chunk *c = chunks[i];
    if (__builtin_expect(c == NULL, 0)) {
        c = malloc(sizeof(*c));
        if (!c) {
            fprintf(stderr, "mtrace: out of memory for the cache-line table\n");
            abort();
        }
        c->epoch = 0;
        chunks[i] = c;
    }
    if (__builtin_expect(c->epoch != epoch, 0)) {
        memset(c->mask, 0xff, sizeof c->mask);
        c->epoch = epoch;
    }
    return c;
}

bool movement_access(uint64_t pa, unsigned cpu, bool store)
{
    struct chunk *c = chunk_for(pa);
    uint64_t *m = &c->mask[(pa >> LINE_SHIFT) & (LINES_PER_CHUNK - 1)];
    uint64_t bit = 1ULL << cpu;
    if (store) {
        if (*m == bit)
            return false;
        *m = bit;
        return true;
    }
    if (*m & bit)
        return false;
    *m |= bit;
    return true;
}

bool movement_access_sized(uint64_t pa, unsigned bytes, unsigned cpu, bool store)
{
    bool traffic = movement_access(pa, cpu, store);
    if (((pa ^ (pa + bytes - 1)) >> LINE_SHIFT) != 0) /* straddles two lines: both move */
        traffic |= movement_access(pa + bytes - 1, cpu, store);
    return traffic;
}
