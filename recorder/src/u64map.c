#include "u64map.h"

#include <stdio.h>
#include <stdlib.h>

static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);
}

static void *checked_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p) {
        fprintf(stderr, "mtrace: out of memory\n");
        abort();
    }
    return p;
}

void u64map_init(struct u64map *m, size_t initial_cap)
{
    size_t cap = 16;
    while (cap < initial_cap)
        cap <<= 1;
    m->keys = checked_calloc(cap, sizeof(uint64_t));
    m->vals = checked_calloc(cap, sizeof(uint64_t));
    m->cap = cap;
    m->len = 0;
}

bool u64map_get(const struct u64map *m, uint64_t key, uint64_t *val)
{
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) {
            if (val)
                *val = m->vals[i];
            return true;
        }
        if (m->keys[i] == 0)
            return false;
    }
}

static void grow(struct u64map *m)
{
    struct u64map bigger;
    u64map_init(&bigger, m->cap * 2);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            u64map_put(&bigger, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = bigger;
}

void u64map_put(struct u64map *m, uint64_t key, uint64_t val)
{
    if (2 * (m->len + 1) > m->cap)
        grow(m);
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i] == 0)
        m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
}

bool u64map_remove(struct u64map *m, uint64_t key)
{
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] != key) {
        if (m->keys[i] == 0)
            return false;
        i = (i + 1) & (m->cap - 1);
    }
    /* Backward-shift: move later members of the probe run into the hole. */
    size_t hole = i;
    for (size_t j = (hole + 1) & (m->cap - 1); m->keys[j] != 0; j = (j + 1) & (m->cap - 1)) {
        size_t home = slot_of(m->keys[j], m->cap);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->keys[hole] = m->keys[j];
            m->vals[hole] = m->vals[j];
            hole = j;
        }
    }
    m->keys[hole] = 0;
    m->vals[hole] = 0;
    m->len--;
    return true;
}
