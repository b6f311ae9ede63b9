/*
 * mtrace-seal LOG: closes a log whose recorder was killed (SIGKILL, a crash).
 *
 * The recorder writes whole BGZF members, so a killed QEMU leaves every
 * finished member intact, perhaps part of the next one, and no EOF member;
 * and if recording was on, no entry that turns it off.  This tool keeps the
 * complete members (each checked: header, 'BC' size, inflated CRC-32 and
 * ISIZE), cuts what follows the last good one, appends a host access_all_cpu
 * entry with mode disable named "recorder killed" when the last record-mode
 * entry left recording on, and the EOF member.  A complete log is left as it
 * is.  Exit 0 sealed or already complete, 2 unreadable or not an mtrace BGZF log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include "bgzf_writer.h"
#include "entries.h"

struct scan {
    uint64_t good_end;      /* end of the last complete data member */
    uint64_t members, entries;
    uint64_t last_count;    /* access_count of the last entry */
    int mode;               /* record mode after the last host access_all_cpu entry */
    int eof_member;         /* the EOF member follows the last data member */
};

static unsigned le16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* Size of the BGZF member at p (n bytes available), or 0 if it is not a whole, valid header. */
static size_t member_size(const uint8_t *p, size_t n)
{
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || !(p[3] & 4))
        return 0;
    size_t xlen = le16(p + 10);
    for (size_t x = 12; x + 4 <= 12 + xlen && x + 4 <= n; x += 4 + le16(p + x + 2))
        if (p[x] == 'B' && p[x + 1] == 'C' && le16(p + x + 2) == 2 && x + 6 <= n)
            return (size_t)le16(p + x + 4) + 1;
    return 0;
}

/* Inflates one member; returns its data length or -1 if it does not check out. */
static long inflate_member(const uint8_t *m, size_t size, uint8_t *out, size_t cap)
{
    size_t xlen = le16(m + 10), start = 12 + xlen;
    if (size < start + 8)
        return -1;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -15) != Z_OK)
        return -1;
    zs.next_in = (Bytef *)(m + start);
    zs.avail_in = (uInt)(size - start - 8);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    int rc = inflate(&zs, Z_FINISH);
    long len = (long)zs.total_out;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || le32(m + size - 4) != (uint32_t)len ||
        le32(m + size - 8) != (uint32_t)crc32(crc32(0, Z_NULL, 0), out, (uInt)len))
        return -1;
    return len;
}

static void scan_entries(struct scan *s, const uint8_t *d, long len)
{
    for (long pos = 0; pos + MT_HEADER_SIZE <= len;) {
        unsigned size = le16(d + pos + 4);
        if (size < MT_HEADER_SIZE || pos + size > len)
            return;
        s->entries++;
        s->last_count = le64(d + pos + 8);
        if (le32(d + pos) == MT_HOST && size >= MT_HOST_MODE + 4 && le32(d + pos + MT_HOST_TYPE) == MT_HOST_ACCESS_ALL)
            s->mode = (int)le32(d + pos + MT_HOST_MODE);
        pos += size;
    }
}

static void scan(struct scan *s, const uint8_t *f, uint64_t n)
{
    static uint8_t data[1 << 17];
    uint64_t off = 0;
    while (off < n) {
        size_t size = member_size(f + off, (size_t)(n - off));
        if (size == 0 || size > n - off)
            return;
        long len = inflate_member(f + off, size, data, sizeof data);
        if (len < 0)
            return;
        if (len == 0) {
            s->eof_member = off + size == n;
            return;
        }
        scan_entries(s, data, len);
        s->members++;
        off += size;
        s->good_end = off;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: mtrace-seal LOG\n");
        return 2;
    }
    const char *path = argv[1];
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "mtrace-seal: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    uint64_t n = (uint64_t)st.st_size;
    const uint8_t *f = n ? mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    if (n && f == MAP_FAILED) {
        fprintf(stderr, "mtrace-seal: cannot read %s: %s\n", path, strerror(errno));
        return 2;
    }
    struct scan s = { 0 };
    scan(&s, f, n);
    if (n)
        munmap((void *)f, n);
    close(fd);
    if (s.members == 0) {
        fprintf(stderr, "mtrace-seal: %s: no complete BGZF member at byte 0: not a recorder log\n", path);
        return 2;
    }
    if (s.eof_member && s.mode == MT_MODE_DISABLE) {
        printf("mtrace-seal: %s: complete (%llu entries, recording off at the end)\n", path,
               (unsigned long long)s.entries);
        return 0;
    }
    struct bgzf_writer *w = bgzf_open_at(path, 1, s.good_end);
    if (!w)
        return 2;
    bool disable = s.mode != MT_MODE_DISABLE;
    if (disable) {
        uint8_t *e = bgzf_reserve(w, MT_SIZE_HOST);
        memset(e, 0, MT_SIZE_HOST);
        mt_header(e, MT_HOST, MT_SIZE_HOST, 0, s.last_count, 0);
        mt_put32(e, MT_HOST_TYPE, MT_HOST_ACCESS_ALL);
        mt_put32(e, MT_HOST_MODE, MT_MODE_DISABLE);
        mt_put_str(e, MT_HOST_STR, "recorder killed");
    }
    if (bgzf_close(w) != 0) {
        fprintf(stderr, "mtrace-seal: %s: writing the end of the log failed\n", path);
        return 2;
    }
    printf("mtrace-seal: %s: kept %llu complete members (%llu entries), cut %llu bytes after them%s, added the EOF member\n",
           path, (unsigned long long)s.members, (unsigned long long)s.entries,
           (unsigned long long)(n - s.good_end), disable ? ", added a disable entry" : "");
    return 0;
}
