/*
 * The cache-line movement filter (FORMAT.md 6.3) on physical 64-byte lines,
 * with one 64-bit CPU mask per line (the original's 8-bit masks over-report
 * for CPUs >= 8).  Infinite, fully associative per-CPU caches with
 * invalidate-on-write: a load is traffic if this CPU does not hold the line;
 * a store is traffic unless this CPU already holds it exclusively.
 *
 * Lines live in 2 MiB chunks allocated on first touch, so no RAM size is
 * needed.  A reset ("every CPU holds every line") is O(1): each chunk
 * remembers the reset epoch it was last filled in and refills lazily.
 */
#ifndef MTRACE_MOVEMENT_H
#define MTRACE_MOVEMENT_H

#include <stdbool.h>
#include <stdint.h>

enum { MV_MAX_CPUS = 64 };

void movement_init(void);

/* Every line becomes present in every CPU's cache (entering movement mode). */
void movement_reset(void);

/* Applies one access by cpu (< 64) to the line holding physical address pa; true = traffic. */
bool movement_access(uint64_t pa, unsigned cpu, bool store);

/* One access of `bytes` bytes: applied to both lines if it straddles two; traffic if either moves. */
bool movement_access_sized(uint64_t pa, unsigned bytes, unsigned cpu, bool store);

#endif
