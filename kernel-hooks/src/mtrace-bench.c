/*
 * mtrace-bench: tiny static micro-benchmarks for workload scripts, where
 * busybox has no equivalent.
 *
 *   mtrace-bench mmap N PAGES    N times: mmap PAGES anonymous pages, write one
 *                                byte per page (page faults), munmap
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int usage(FILE *out, int rc)
{
    fprintf(out, "usage: mtrace-bench mmap N PAGES\n");
    return rc;
}

static int parse_count(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == 0 || *end || v <= 0)
        return 0;
    *out = v;
    return 1;
}

static int bench_mmap(long n, long pages)
{
    long page = sysconf(_SC_PAGESIZE);
    for (long i = 0; i < n; i++) {
        char *p = mmap(NULL, (size_t)(pages * page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("mtrace-bench: mmap");
            return 1;
        }
        for (long k = 0; k < pages; k++)
            p[k * page] = (char)k;
        if (munmap(p, (size_t)(pages * page)) != 0) {
            perror("mtrace-bench: munmap");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout, 0);
    long n, pages;
    if (argc == 4 && strcmp(argv[1], "mmap") == 0 && parse_count(argv[2], &n) && parse_count(argv[3], &pages))
        return bench_mmap(n, pages);
    return usage(stderr, 2);
}
