/*
 * Open-addressing hash map from nonzero u64 keys to u64 values (linear
 * probing, backward-shift deletion, grows at half load).  Used for the
 * recorder's small side tables: hook addresses, return sites, live labels,
 * per-task call-stack tags.
 */
#ifndef MTRACE_U64MAP_H
#define MTRACE_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64map {
    uint64_t *keys;
    uint64_t *vals;
    size_t cap; /* power of two */
    size_t len;
};

void u64map_init(struct u64map *m, size_t initial_cap);
bool u64map_get(const struct u64map *m, uint64_t key, uint64_t *val);
void u64map_put(struct u64map *m, uint64_t key, uint64_t val);
bool u64map_remove(struct u64map *m, uint64_t key);

#endif
