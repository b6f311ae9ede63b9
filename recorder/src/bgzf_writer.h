/*
 * Block-gzip (BGZF) log writer: entries are staged in a block of at most
 * MT_BLOCK_DATA bytes of whole entries; a full block is compressed into one
 * independent gzip member (with the 'BC' extra subfield holding the member
 * size - 1) by a background thread and appended to the file.  close() writes
 * the standard 28-byte empty EOF member.  Every member on disk is complete,
 * so a killed recorder leaves a log that readers decode up to the last
 * finished member.
 */
#ifndef MTRACE_BGZF_WRITER_H
#define MTRACE_BGZF_WRITER_H

#include <stddef.h>
#include <stdint.h>

/* Uncompressed payload limit per member; leaves room for deflate's worst case in 64 KiB. */
enum { MT_BLOCK_DATA = 65280 };

struct bgzf_writer;

/* Opens (create+truncate) path; returns NULL and prints why on failure. */
struct bgzf_writer *bgzf_open(const char *path, int level);

/* Opens an existing log, cuts it to keep bytes and appends members after them (mtrace-seal). */
struct bgzf_writer *bgzf_open_at(const char *path, int level, uint64_t keep);

/* Returns a pointer where the caller writes exactly len (<= 124) bytes of one entry. */
uint8_t *bgzf_reserve(struct bgzf_writer *w, size_t len);

/* Hands the current partial block to the compressor (e.g. at phase boundaries). */
void bgzf_flush(struct bgzf_writer *w);

/* Flushes, waits for the compressor, writes the EOF member, closes. Returns 0 or -1. */
int bgzf_close(struct bgzf_writer *w);

/* Bytes of entries accepted so far (uncompressed). */
uint64_t bgzf_bytes_in(const struct bgzf_writer *w);

/*
 * Back-pressure: nanoseconds the compressor spent in write() (blocked while
 * a pipe's reader lags), and nanoseconds the producer (the emulation thread)
 * waited because all RING blocks were queued.  Writes block, nothing is
 * dropped: a slow reader slows the guest.
 */
uint64_t bgzf_write_ns(const struct bgzf_writer *w);
uint64_t bgzf_stall_ns(const struct bgzf_writer *w);

#endif
