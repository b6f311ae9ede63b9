/*
 * Randomised check of the recorder's u64map (linear probing with
 * backward-shift deletion, growth) against a plain array: prints the number
 * of disagreements, then the number of operations.  Keys are drawn from a
 * small range so probe runs collide, wrap and shrink often.
 */
#include <stdio.h>
#include <stdlib.h>

#include "u64map.h"

enum { KEYS = 700, OPS = 400000 };

int main(void)
{
    static uint64_t ref_val[KEYS + 1];
    static int ref_has[KEYS + 1];
    struct u64map m;
    u64map_init(&m, 16);
    unsigned long mismatches = 0;
    srand(12345);
    for (long op = 0; op < OPS; op++) {
        uint64_t k = 1 + (uint64_t)(rand() % KEYS);
        uint64_t key = k * 0x1000; /* aligned like guest addresses */
        int what = rand() % 3;
        if (what == 0) {
            uint64_t v = (uint64_t)rand();
            u64map_put(&m, key, v);
            ref_val[k] = v;
            ref_has[k] = 1;
        } else if (what == 1) {
            int removed = u64map_remove(&m, key);
            if (removed != ref_has[k])
                mismatches++;
            ref_has[k] = 0;
        } else {
            uint64_t v = 0;
            int found = u64map_get(&m, key, &v);
            if (found != ref_has[k] || (found && v != ref_val[k]))
                mismatches++;
        }
    }
    size_t live = 0;
    for (int k = 1; k <= KEYS; k++) {
        uint64_t v;
        int found = u64map_get(&m, (uint64_t)k * 0x1000, &v);
        live += ref_has[k];
        if (found != ref_has[k] || (found && v != ref_val[k]))
            mismatches++;
    }
    if (live != m.len)
        mismatches++;
    printf("%lu %d\n", mismatches, OPS);
    return 0;
}
