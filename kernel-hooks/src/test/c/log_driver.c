/*
 * Test driver for the recorder's log path without QEMU: feeds a scripted
 * access sequence through the plugin's own movement filter (movement.c) and
 * BGZF writer (bgzf_writer.c) and logs every access with the filter's
 * decision in the traffic bit, so a test can check each decision.
 *
 *   log_driver OUT FILLER_COUNT
 */
#include <stdio.h>
#include <stdlib.h>

#include "bgzf_writer.h"
#include "entries.h"
#include "movement.h"

static struct bgzf_writer *w;
static uint64_t count;

static void record(unsigned cpu, uint64_t pa, int store, int reset_first)
{
    if (reset_first)
        movement_reset();
    int traffic = movement_access(pa, cpu, store);
    uint8_t *e = bgzf_reserve(w, MT_SIZE_ACCESS);
    mt_header(e, MT_ACCESS, MT_SIZE_ACCESS, (uint16_t)cpu, count++, 0);
    mt_put32(e, MT_ACCESS_TYPE, store ? MT_ST : MT_LD);
    e[MT_ACCESS_FLAGS] = (uint8_t)traffic;
    mt_put64(e, MT_ACCESS_PC, 0xffffffff81000000ULL + count);
    mt_put64(e, MT_ACCESS_HOST_ADDR, pa);
    mt_put64(e, MT_ACCESS_GUEST_ADDR, 0xffff888000000000ULL + pa);
    e[MT_ACCESS_BYTES] = 8;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    w = bgzf_open(argv[1], 6);
    if (!w)
        return 2;
    movement_init();
    movement_reset();
    uint8_t *m = bgzf_reserve(w, MT_SIZE_MACHINE);
    for (int i = 0; i < MT_SIZE_MACHINE; i++)
        m[i] = 0;
    mt_header(m, MT_MACHINE, MT_SIZE_MACHINE, 0, 0, 0);
    mt_put16(m, MT_MACHINE_NUM_CPUS, 64);

    const uint64_t A = 0x1000;
    record(0, A, 0, 0);
    record(40, A, 0, 0);
    record(40, A, 1, 0);
    record(40, A, 1, 0);
    record(0, A, 0, 0);
    record(40, A, 0, 0);
    record(0, A, 1, 0);
    record(63, A, 0, 0);
    record(63, A + 63, 0, 0);
    record(63, A + 64, 0, 0);
    record(0, A, 0, 1);
    record(5, 0x3fffffffc0ULL, 1, 0); /* 256 GiB: far beyond any RAM size */

    long filler = atol(argv[2]);
    for (long i = 0; i < filler; i++)
        record((unsigned)(i % 64), 0x100000 + 64 * (uint64_t)(i % 4096), (int)(i & 1), 0);
    return bgzf_close(w) == 0 ? 0 : 1;
}
