package org.mtrace.mscan.lines;

/**
 * The bytes of accesses that moved no line (a load of a line its CPU holds, a store to one it
 * holds alone), for the verdicts: each joins the CPU's load or store mask of its line in the
 * {@link LineCpuCounts} if the CPU has had a transfer of that line, and is dropped otherwise. A
 * log recorded with every access (`mtrace-record --all`) has mostly such accesses; in a filtered
 * one every access moves a line (the part of a straddling access in the line it did not move is
 * left out, as it always was).
 *
 * <p>Why a cache in front of the table: each probe of the (line, CPU) table misses the CPU's
 * caches, and most such accesses add no byte, or a byte the next ones add too (a CPU rereads its
 * stack and the structures it walks). A direct-mapped cache of recent (line, CPU) pairs holds the
 * bytes gathered and not yet added, and the masks the table had for the pair when it was last
 * probed (every bit for a pair without a slot: nothing to add); the table is probed once per
 * pair the cache takes in, when it is pushed out. Counted on a recording of every access of
 * metis on Debian's 6.1 kernel (35.4 M such accesses): a probe per run of one CPU's accesses to
 * one line made 15.6 M probes, a probe per access that added a byte 5.8-6.9 M, this 2.2 M.
 *
 * <p>Exactness: a pair's masks in the table are changed only by that CPU's transfers and by this
 * class, so the masks kept here stay a subset of the table's. A CPU's transfer of a line may make
 * the pair's slot, and the bytes of its accesses before its first transfer must not go into it:
 * the owner calls {@link #beforeTransfer}, which adds the pair's gathered bytes (to no slot, or
 * to the slot an earlier transfer made) and forgets the pair. The owner calls {@link #flush}
 * before the masks are read.
 */
final class StillBytes {
    /**
     * 2,048 entries (96 KB, in the second-level cache): 8,192 probed the table less (1.7 M against
     * 2.2 M times) but took longer.
     */
    private static final int BITS = 11;
    private static final int STRIDE = 6;
    // per entry: line, CPU + 1 (0: empty), the load and store masks the table had for the pair when
    // last probed (0 before the first probe; -1 if it had no slot), and the bytes loaded and stored
    // since, not yet added
    private static final int CPU = 1;
    private static final int KNOWN_LOADS = 2;
    private static final int KNOWN_STORES = 3;
    private static final int LOADS = 4;
    private static final int STORES = 5;

    private final LineCpuCounts lineCpus;
    private final long[] cache = new long[STRIDE << BITS];
    /** Whether an entry may hold bytes not yet added. */
    private boolean dirty;
    /** Whether an entry may be full (false until the first access that moved no line). */
    private boolean used;

    StillBytes(LineCpuCounts lineCpus) {
        this.lineCpus = lineCpus;
    }

    /** Gathers {@code mask}, the bytes of an access by {@code cpu} to {@code line} that moved no line. */
    void add(long line, long mask, int cpu, boolean store) {
        long[] c = cache;
        int e = entry(line, cpu);
        if (c[e] != line || c[e + CPU] != cpu + 1) {
            settle(e);
            c[e] = line;
            c[e + CPU] = cpu + 1;
            c[e + KNOWN_LOADS] = 0;
            c[e + KNOWN_STORES] = 0;
            used = true;
        }
        if ((mask & ~c[e + (store ? KNOWN_STORES : KNOWN_LOADS)]) != 0) {
            c[e + (store ? STORES : LOADS)] |= mask;
            dirty = true;
        }
    }

    /** Settles and forgets {@code (line, cpu)} before the CPU's transfer of the line, which may make its slot. */
    void beforeTransfer(long line, int cpu) {
        if (used) {
            int e = entry(line, cpu);
            if (cache[e] == line && cache[e + CPU] == cpu + 1) {
                settle(e);
                cache[e + CPU] = 0;
            }
        }
    }

    /** Adds every entry's gathered bytes to the table (before the masks are read). */
    void flush() {
        if (dirty) {
            for (int e = 0; e < cache.length; e += STRIDE) {
                settle(e);
            }
            dirty = false;
        }
    }

    /** Adds entry {@code e}'s gathered bytes to its pair's masks, if the pair has a slot, and knows them. */
    private void settle(int e) {
        long[] c = cache;
        if (c[e + CPU] == 0 || (c[e + LOADS] | c[e + STORES]) == 0) {
            return;
        }
        int slot = lineCpus.find(c[e], (int) c[e + CPU] - 1);
        if (slot >= 0) {
            lineCpus.addMasks(slot, c[e + LOADS], c[e + STORES]);
            c[e + KNOWN_LOADS] = lineCpus.loadMask(slot);
            c[e + KNOWN_STORES] = lineCpus.storeMask(slot);
        } else {
            c[e + KNOWN_LOADS] = -1L;
            c[e + KNOWN_STORES] = -1L;
        }
        c[e + LOADS] = 0;
        c[e + STORES] = 0;
    }

    /** One multiply, not {@link PairIndex#hash}: every transfer asks it too. */
    private static int entry(long line, int cpu) {
        return STRIDE * (int) (((line >>> 6) + cpu) * 0x9E3779B97F4A7C15L >>> (64 - BITS));
    }

    long stateBytes() {
        return 8L * cache.length;
    }
}
