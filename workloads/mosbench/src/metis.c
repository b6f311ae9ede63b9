/*
 * metis: a Metis-like multi-threaded map/reduce word count with large allocations.  Each of
 * NTHREADS mappers takes its slice of a generated text and counts words into its own large
 * hash table (one big malloc per mapper, so mmap and a page fault per touched page: Metis'
 * page-fault and mmap_sem behaviour); reducers then merge one partition of every mapper's
 * table each.
 *   usage: metis NTHREADS MBYTES [TABLE_MB]
 * Prints words and words per second (guest time) for map plus reduce.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot { uint64_t key; uint64_t count; };
struct mapper { pthread_t tid; int id; const char *begin, *end; struct slot *table; size_t mask; uint64_t words; };

static struct mapper *ms;
static int nthreads;
static uint64_t reduced_distinct[256], reduced_total[256];

static uint64_t hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h | 1;   /* 0 marks an empty slot */
}

static void *map(void *arg)
{
    struct mapper *m = arg;
    /* large and fresh: glibc serves it by mmap, so every page is faulted in by this thread */
    m->table = calloc(m->mask + 1, sizeof(struct slot));
    if (!m->table) { perror("metis: calloc"); exit(1); }
    const char *p = m->begin;
    while (p < m->end) {
        while (p < m->end && *p == ' ') p++;
        const char *w = p;
        while (p < m->end && *p != ' ') p++;
        if (p == w) break;
        uint64_t k = hash_word(w, p - w);
        size_t i = k & m->mask;
        while (m->table[i].key && m->table[i].key != k) i = (i + 1) & m->mask;
        m->table[i].key = k;
        m->table[i].count++;
        m->words++;
    }
    return NULL;
}

static void *reduce(void *arg)
{
    int part = (int)(intptr_t)arg;
    size_t cap = 1 << 17, n = 0;
    struct slot *out = calloc(cap, sizeof *out);
    for (int j = 0; j < nthreads; j++) {
        struct mapper *m = &ms[j];
        for (size_t i = 0; i <= m->mask; i++) {
            uint64_t k = m->table[i].key;
            if (!k || (int)((k >> 32) % nthreads) != part) continue;
            size_t h = k & (cap - 1);
            while (out[h].key && out[h].key != k) h = (h + 1) & (cap - 1);
            if (!out[h].key) { out[h].key = k; n++; }
            out[h].count += m->table[i].count;
            reduced_total[part] += m->table[i].count;
            if (n > cap / 2) break;   /* partition full: keep counting totals only */
        }
    }
    reduced_distinct[part] = n;
    free(out);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) { fprintf(stderr, "usage: metis NTHREADS MBYTES [TABLE_MB]\n"); return 2; }
    nthreads = atoi(argv[1]);
    size_t bytes = (size_t)atof(argv[2]) * 1024 * 1024;
    size_t table_mb = argc == 4 ? (size_t)atoi(argv[3]) : 4;
    if (nthreads < 1 || nthreads > 256 || bytes == 0) { fprintf(stderr, "metis: NTHREADS 1..256, MBYTES > 0\n"); return 2; }
    /* the input: words of 3..8 letters from a vocabulary of 50000, deterministic */
    char *text = malloc(bytes + 16);
    uint64_t x = 88172645463325252ull;
    size_t pos = 0;
    while (pos + 10 < bytes) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        unsigned v = x % 50000, len = 3 + v % 6;
        for (unsigned i = 0; i < len; i++) text[pos++] = 'a' + (v >> (i * 2)) % 26;
        text[pos++] = ' ';
    }
    memset(text + pos, ' ', bytes - pos);
    ms = calloc(nthreads, sizeof *ms);
    size_t slots = table_mb * 1024 * 1024 / sizeof(struct slot);
    size_t pow2 = 1; while (pow2 * 2 <= slots) pow2 *= 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nthreads; i++) {
        ms[i].id = i;
        ms[i].begin = text + bytes * i / nthreads;
        ms[i].end = text + bytes * (i + 1) / nthreads;
        if (i > 0) while (ms[i].begin < ms[i].end && ms[i].begin[-1] != ' ') ms[i].begin++;
        if (i + 1 < nthreads) while (ms[i].end < text + bytes && ms[i].end[-1] != ' ') ms[i].end++;
        ms[i].mask = pow2 - 1;
    }
    for (int i = 0; i < nthreads; i++) pthread_create(&ms[i].tid, NULL, map, &ms[i]);
    uint64_t words = 0;
    for (int i = 0; i < nthreads; i++) { pthread_join(ms[i].tid, NULL); words += ms[i].words; }
    pthread_t rt[256];
    for (int i = 0; i < nthreads; i++) pthread_create(&rt[i], NULL, reduce, (void *)(intptr_t)i);
    uint64_t distinct = 0, total = 0;
    for (int i = 0; i < nthreads; i++) { pthread_join(rt[i], NULL); distinct += reduced_distinct[i]; total += reduced_total[i]; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (int i = 0; i < nthreads; i++) free(ms[i].table);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("metis: %d threads, %lu words (%lu distinct, %lu reduced) in %.3f s guest time: %.0f words/s\n",
           nthreads, (unsigned long)words, (unsigned long)distinct, (unsigned long)total, s, words / s);
    return total == words ? 0 : 1;
}
