/*
 * swaptouch MB PASSES: maps MB MiB of anonymous memory, fills every page with
 * pseudo-random words (no zero or same-filled page: zram and 6.12's zero-page
 * map would store those without I/O), then reads every page back PASSES times
 * and checks its contents.  Run inside a memory cgroup smaller than MB, the
 * first pass swaps pages out and each later pass swaps them in (and others
 * out).  Prints the pages touched and "ok" or the first bad page; exit 1 on a
 * mismatch.  Built static for the busybox guest (workloads/swap.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { PAGE = 4096, WORDS = PAGE / 8 };

static uint64_t word(uint64_t page, uint64_t i)
{
    uint64_t x = (page * WORDS + i + 1) * 0x9e3779b97f4a7c15ULL; /* splitmix64 */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: swaptouch MB PASSES\n");
        return 2;
    }
    size_t pages = (size_t)strtoul(argv[1], NULL, 10) * (1 << 20) / PAGE;
    int passes = atoi(argv[2]);
    uint64_t *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    madvise(m, pages * PAGE, MADV_NOHUGEPAGE); /* 4 KiB pages: one fault, one swap slot each */
    for (size_t p = 0; p < pages; p++)
        for (size_t i = 0; i < WORDS; i++)
            m[p * WORDS + i] = word(p, i);
    for (int pass = 0; pass < passes; pass++) {
        for (size_t p = 0; p < pages; p++) {
            for (size_t i = 0; i < WORDS; i += 64) { /* one word per cache line is enough to fault it in */
                if (m[p * WORDS + i] != word(p, i)) {
                    printf("swaptouch: page %zu word %zu differs in pass %d\n", p, i, pass);
                    return 1;
                }
            }
        }
    }
    printf("swaptouch: %zu pages, %d read passes: ok\n", pages, passes);
    return 0;
}
