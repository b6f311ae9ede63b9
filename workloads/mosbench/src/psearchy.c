/*
 * psearchy: a psearchy-like parallel indexer (MOSBENCH's pedsort).  NTHREADS threads take
 * files from one shared list (an atomic cursor), read each file (open/read/close: path
 * lookup, dentry and inode reference counts, page cache), split it into words and add them to
 * a per-thread hash table; each thread then writes its index to OUTDIR/index.N.
 *   usage: psearchy NTHREADS OUTDIR FILELIST
 * FILELIST holds one path a line.  Prints files, words and files per second (guest time).
 */
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)

struct word { char *text; unsigned count; };
struct worker { pthread_t tid; int id; struct word *table; unsigned long words, files, distinct; };

static char **paths;
static size_t npaths;
static atomic_size_t cursor;
static const char *outdir;

static unsigned hash(const char *s, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void add_word(struct worker *w, const char *s, size_t n)
{
    unsigned i = hash(s, n) & (TABLE_SIZE - 1);
    while (w->table[i].text) {
        if (strncmp(w->table[i].text, s, n) == 0 && w->table[i].text[n] == 0) { w->table[i].count++; return; }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    if (w->distinct >= TABLE_SIZE * 3 / 4) return;   /* table full: count no new words */
    w->table[i].text = strndup(s, n);
    w->table[i].count = 1;
    w->distinct++;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    static __thread char buf[65536];
    for (;;) {
        size_t k = atomic_fetch_add(&cursor, 1);
        if (k >= npaths) break;
        int fd = open(paths[k], O_RDONLY);
        if (fd < 0) continue;
        char word[64]; size_t wn = 0; ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) {
                char c = buf[i];
                if (isalnum((unsigned char)c) || c == '_') { if (wn < sizeof word) word[wn++] = c; }
                else if (wn) { add_word(w, word, wn); w->words++; wn = 0; }
            }
        }
        if (wn) { add_word(w, word, wn); w->words++; }
        close(fd);
        w->files++;
    }
    char name[4096];
    snprintf(name, sizeof name, "%s/index.%d", outdir, w->id);
    FILE *f = fopen(name, "w");
    if (f) {
        for (unsigned i = 0; i < TABLE_SIZE; i++)
            if (w->table[i].text) fprintf(f, "%s %u\n", w->table[i].text, w->table[i].count);
        fclose(f);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: psearchy NTHREADS OUTDIR FILELIST\n"); return 2; }
    int nt = atoi(argv[1]);
    if (nt < 1 || nt > 256) { fprintf(stderr, "psearchy: NTHREADS must be 1..256\n"); return 2; }
    outdir = argv[2];
    FILE *list = fopen(argv[3], "r");
    if (!list) { perror(argv[3]); return 2; }
    size_t cap = 1024; char line[4096];
    paths = malloc(cap * sizeof *paths);
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        if (npaths == cap) paths = realloc(paths, (cap *= 2) * sizeof *paths);
        paths[npaths++] = strdup(line);
    }
    fclose(list);
    struct worker *ws = calloc(nt, sizeof *ws);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nt; i++) {
        ws[i].id = i;
        ws[i].table = calloc(TABLE_SIZE, sizeof *ws[i].table);
        pthread_create(&ws[i].tid, NULL, run, &ws[i]);
    }
    unsigned long files = 0, words = 0;
    for (int i = 0; i < nt; i++) { pthread_join(ws[i].tid, NULL); files += ws[i].files; words += ws[i].words; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("psearchy: %d threads, %lu files, %lu words in %.3f s guest time: %.1f files/s\n", nt, files, words, s, files / s);
    return 0;
}
