/*
 * mcload: a memcached load generator (memcached text protocol over TCP loopback).  NTHREADS
 * threads each keep CONNS connections open and issue requests round-robin over them, one
 * outstanding request per connection: in "set" mode each connection stores KEYS keys, in
 * "get" mode it fetches REQUESTS random keys of the KEYS stored.
 *   usage: mcload HOST PORT NTHREADS CONNS set|get KEYS REQUESTS
 * Prints requests, hits and requests per second (guest time).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr;
static int conns, keys, requests, setmode;

struct worker { pthread_t tid; int id; long done, hits, errors; };

static int connect_one(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("mcload: connect"); exit(1); }
    return fd;
}

/* reads until the reply's terminator: "STORED\r\n" for set, "END\r\n" for get */
static int read_reply(int fd, char *buf, size_t cap, const char *end)
{
    size_t n = 0, el = strlen(end);
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r <= 0) return -1;
        n += r;
        buf[n] = 0;
        if (n >= el && memcmp(buf + n - el, end, el) == 0) return (int)n;
        if (n + 1 >= cap) return -1;
    }
}

static void *run(void *arg)
{
    struct worker *w = arg;
    int *fds = malloc(conns * sizeof *fds);
    for (int c = 0; c < conns; c++) fds[c] = connect_one();
    char req[256], buf[4096];
    unsigned seed = 12345u + w->id;
    int total = setmode ? keys : requests;
    for (int i = 0; i < total; i++) {
        int fd = fds[i % conns];
        int n;
        if (setmode) {
            n = snprintf(req, sizeof req, "set key:%d:%d 0 0 32\r\n%032d\r\n", w->id, i, i);
            if (write(fd, req, n) != n || read_reply(fd, buf, sizeof buf, "\r\n") < 0) { w->errors++; continue; }
            if (strncmp(buf, "STORED", 6) == 0) w->hits++;
        } else {
            int k = rand_r(&seed) % keys;
            n = snprintf(req, sizeof req, "get key:%d:%d\r\n", w->id, k);
            if (write(fd, req, n) != n || read_reply(fd, buf, sizeof buf, "END\r\n") < 0) { w->errors++; continue; }
            if (strncmp(buf, "VALUE", 5) == 0) w->hits++;
        }
        w->done++;
    }
    for (int c = 0; c < conns; c++) close(fds[c]);
    free(fds);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 8 || (strcmp(argv[5], "set") && strcmp(argv[5], "get"))) {
        fprintf(stderr, "usage: mcload HOST PORT NTHREADS CONNS set|get KEYS REQUESTS\n");
        return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) { fprintf(stderr, "mcload: bad address %s\n", argv[1]); return 2; }
    int nt = atoi(argv[3]);
    conns = atoi(argv[4]); setmode = strcmp(argv[5], "set") == 0; keys = atoi(argv[6]); requests = atoi(argv[7]);
    if (nt < 1 || nt > 256 || conns < 1 || keys < 1 || requests < 0) { fprintf(stderr, "mcload: bad sizes\n"); return 2; }
    struct worker *ws = calloc(nt, sizeof *ws);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nt; i++) { ws[i].id = i; pthread_create(&ws[i].tid, NULL, run, &ws[i]); }
    long done = 0, hits = 0, errors = 0;
    for (int i = 0; i < nt; i++) { pthread_join(ws[i].tid, NULL); done += ws[i].done; hits += ws[i].hits; errors += ws[i].errors; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("mcload: %s %d threads x %d connections: %ld requests, %ld %s, %ld errors in %.3f s guest time: %.1f requests/s\n",
           argv[5], nt, conns, done, hits, setmode ? "stored" : "hits", errors, s, done / s);
    return errors ? 1 : 0;
}
