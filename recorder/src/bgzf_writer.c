#include "bgzf_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* Blocks in flight between the emulation thread and the compressor. */
enum { RING = 8, MEMBER_MAX = 65536, GZ_HEADER = 18, GZ_TRAILER = 8 };

struct block {
    uint8_t data[MT_BLOCK_DATA];
    size_t used;
    int ready; /* 1: handed to the compressor, not yet written */
};

struct bgzf_writer {
    int fd;
    int level;
    const char *path;
    struct block ring[RING];
    unsigned head;      /* block being filled by the producer */
    unsigned tail;      /* next block the compressor writes */
    int closing;
    int failed;
    uint64_t bytes_in;
    uint64_t write_ns;  /* compressor blocked in write(): a slow pipe reader shows here first */
    uint64_t stall_ns;  /* producer waiting for a free block: the guest itself was held back */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    uint8_t member[MEMBER_MAX];
    z_stream zs;
};

static void put_le16(uint8_t *p, unsigned v) { p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; }
static void put_le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xff; }

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* gzip header with FEXTRA carrying the BGZF 'BC' subfield; bsize is patched in later. */
static void write_gz_header(uint8_t *h)
{
    static const uint8_t fixed[GZ_HEADER] = {
        0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0, 0
    };
    memcpy(h, fixed, GZ_HEADER);
}

/* Compresses one block into w->member; returns the member length or 0 on failure. */
static size_t build_member(struct bgzf_writer *w, const uint8_t *data, size_t len)
{
    uint8_t *m = w->member;
    write_gz_header(m);
    deflateReset(&w->zs);
    w->zs.next_in = (Bytef *)data;
    w->zs.avail_in = (uInt)len;
    w->zs.next_out = m + GZ_HEADER;
    w->zs.avail_out = MEMBER_MAX - GZ_HEADER - GZ_TRAILER;
    if (deflate(&w->zs, Z_FINISH) != Z_STREAM_END)
        return 0;
    size_t clen = (size_t)(w->zs.next_out - (m + GZ_HEADER));
    size_t total = GZ_HEADER + clen + GZ_TRAILER;
    put_le16(m + 16, (unsigned)(total - 1));
    put_le32(m + GZ_HEADER + clen, (uint32_t)crc32(crc32(0, Z_NULL, 0), data, (uInt)len));
    put_le32(m + GZ_HEADER + clen + 4, (uint32_t)len);
    return total;
}

static void write_block(struct bgzf_writer *w, struct block *b)
{
    if (w->failed || b->used == 0)
        return;
    size_t n = build_member(w, b->data, b->used);
    uint64_t t0 = now_ns();
    int rc = n == 0 ? -1 : write_all(w->fd, w->member, n);
    w->write_ns += now_ns() - t0;
    if (rc != 0) {
        fprintf(stderr, "mtrace: %s: cannot write log member: %s\n", w->path,
                n == 0 ? "deflate failed" : strerror(errno));
        w->failed = 1;
    }
}

static void *compressor(void *arg)
{
    struct bgzf_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        struct block *b = &w->ring[w->tail];
        if (b->ready) {
            pthread_mutex_unlock(&w->lock);
            write_block(w, b);
            pthread_mutex_lock(&w->lock);
            b->used = 0;
            b->ready = 0;
            w->tail = (w->tail + 1) % RING;
            pthread_cond_broadcast(&w->changed);
            continue;
        }
        if (w->closing)
            break;
        pthread_cond_wait(&w->changed, &w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static struct bgzf_writer *writer_on(int fd, const char *path, int level)
{
    struct bgzf_writer *w = calloc(1, sizeof(*w));
    if (!w) {
        fprintf(stderr, "mtrace: out of memory\n");
        close(fd);
        return NULL;
    }
    w->fd = fd;
    w->path = path;
    w->level = level;
    if (deflateInit2(&w->zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        fprintf(stderr, "mtrace: zlib initialisation failed\n");
        close(w->fd);
        free(w);
        return NULL;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    pthread_create(&w->thread, NULL, compressor, w);
    return w;
}

struct bgzf_writer *bgzf_open(const char *path, int level)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "mtrace: cannot create log %s: %s\n", path, strerror(errno));
        return NULL;
    }
    return writer_on(fd, path, level);
}

struct bgzf_writer *bgzf_open_at(const char *path, int level, uint64_t keep)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)keep) != 0 || lseek(fd, (off_t)keep, SEEK_SET) < 0) {
        fprintf(stderr, "mtrace: cannot rewrite the end of log %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    return writer_on(fd, path, level);
}

/* Hands the head block to the compressor and waits until the next one is free. */
static void submit_head(struct bgzf_writer *w)
{
    struct block *b = &w->ring[w->head];
    if (b->used == 0)
        return;
    pthread_mutex_lock(&w->lock);
    b->ready = 1;
    w->head = (w->head + 1) % RING;
    pthread_cond_broadcast(&w->changed);
    if (w->ring[w->head].ready) {
        /* Every block is queued: the compressor (or the log's reader) is behind, so the guest waits. */
        uint64_t t0 = now_ns();
        while (w->ring[w->head].ready)
            pthread_cond_wait(&w->changed, &w->lock);
        w->stall_ns += now_ns() - t0;
    }
    pthread_mutex_unlock(&w->lock);
}

uint8_t *bgzf_reserve(struct bgzf_writer *w, size_t len)
{
    struct block *b = &w->ring[w->head];
    if (b->used + len > MT_BLOCK_DATA) {
        submit_head(w);
        b = &w->ring[w->head];
    }
    uint8_t *p = b->data + b->used;
    b->used += len;
    w->bytes_in += len;
    return p;
}

void bgzf_flush(struct bgzf_writer *w)
{
    submit_head(w);
}

int bgzf_close(struct bgzf_writer *w)
{
    static const uint8_t eof_member[28] = {
        0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0,
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    submit_head(w);
    pthread_mutex_lock(&w->lock);
    w->closing = 1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    int rc = w->failed ? -1 : 0;
    if (rc == 0 && write_all(w->fd, eof_member, sizeof eof_member) != 0)
        rc = -1;
    if (close(w->fd) != 0)
        rc = -1;
    deflateEnd(&w->zs);
    return rc;
}

uint64_t bgzf_bytes_in(const struct bgzf_writer *w)
{
    return w->bytes_in;
}

uint64_t bgzf_write_ns(const struct bgzf_writer *w)
{
    return w->write_ns;
}

uint64_t bgzf_stall_ns(const struct bgzf_writer *w)
{
    return w->stall_ns;
}
