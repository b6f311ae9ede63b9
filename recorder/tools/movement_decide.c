/*
 * movement-decide: the plugin's own movement filter (src/movement.c) on an
 * access stream from stdin, for checking other implementations of the filter
 * (bin/mtrace-refilter) against it.  Input, one per line:
 *   A PA BYTES CPU STORE   an access (PA hex, BYTES, CPU < 64, STORE 0|1)
 *   R                      a reset (the recorder entering movement mode)
 * Output: one character per access, 1 = traffic (logged), 0 = filtered out.
 */
#include <stdio.h>

#include "movement.h"

int main(void)
{
    char op[8];
    unsigned long long pa;
    unsigned bytes, cpu, store;
    movement_init();
    while (scanf("%7s", op) == 1) {
        if (op[0] == 'R') {
            movement_reset();
            continue;
        }
        if (op[0] != 'A' || scanf("%llx %u %u %u", &pa, &bytes, &cpu, &store) != 4 || cpu >= MV_MAX_CPUS ||
            bytes == 0) {
            fprintf(stderr, "movement-decide: bad input line (want 'A PA BYTES CPU STORE' or 'R')\n");
            return 2;
        }
        putchar(movement_access_sized(pa, bytes, cpu, store) ? '1' : '0');
    }
    return 0;
}
