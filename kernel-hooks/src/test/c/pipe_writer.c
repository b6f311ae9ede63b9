/*
 * Drives the recorder's BGZF writer (recorder/src/bgzf_writer.c) into a pipe:
 * writes COUNT access entries (access_count = index) to
 * /dev/fd/1, closes, and prints "stall_ns write_ns" on stderr.  With a reader
 * that starts late the writer must block (back-pressure), not drop entries.
 *   pipe_writer COUNT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgzf_writer.h"
#include "entries.h"

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    long count = atol(argv[1]);
    struct bgzf_writer *w = bgzf_open("/dev/fd/1", 1);
    if (!w)
        return 1;
    for (long i = 0; i < count; i++) {
        uint8_t *e = bgzf_reserve(w, MT_SIZE_ACCESS);
        memset(e, 0, MT_SIZE_ACCESS);
        mt_header(e, MT_ACCESS, MT_SIZE_ACCESS, 0, (uint64_t)i, 0);
        mt_put32(e, MT_ACCESS_TYPE, MT_LD);
        e[MT_ACCESS_FLAGS] = 1;
        /* a varying address, so that the members do not compress to almost nothing */
        mt_put64(e, MT_ACCESS_HOST_ADDR, (uint64_t)i * 0x9e3779b97f4a7c15ULL);
        e[MT_ACCESS_BYTES] = 8;
    }
    int rc = bgzf_close(w);
    fprintf(stderr, "%llu %llu\n", (unsigned long long)bgzf_stall_ns(w), (unsigned long long)bgzf_write_ns(w));
    return rc == 0 ? 0 : 1;
}
