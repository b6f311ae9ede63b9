package org.mtrace.analyses.cacheassoc;

import org.mtrace.mscan.lines.LineSize;
import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.access.PhysicalAccess;

/**
 * One CPU's simulated cache (MSCAN.md §8.12): {@value #SETS} sets of {@value #WAYS} line
 * addresses replaced in FIFO order (a hit does not refresh a line). Counts misses per set and
 * keeps, per address, the record of its first miss. Lines live in one flat ring-buffer array.
 */
final class SetAssociativeCache {
    static final int SETS = 512;
    static final int WAYS = 8;

    private final long[] lines = new long[SETS * WAYS];
    private final byte[] held = new byte[SETS];
    private final byte[] oldest = new byte[SETS];
    private final long[] misses = new long[SETS];
    /** address → record of its first miss (the set follows from the address). */
    private final LongObjectHashMap<PhysicalAccess> missRecords = new LongObjectHashMap<>();

    static int setOf(long addr) {
        return (int) ((addr >>> 6) & (SETS - 1));
    }

    /**
     * Looks the address's line up; on a miss inserts it (evicting the oldest of a full set) and
     * returns true, so the caller can {@link #recordMiss} it.
     */
    boolean access(long addr) {
        long line = LineSize.DEFAULT.lineOf(addr);
        int set = setOf(addr);
        int base = set * WAYS;
        int n = held[set];
        for (int i = 0; i < n; i++) {
            if (lines[base + i] == line) {
                return false;
            }
        }
        if (n < WAYS) {
            lines[base + (oldest[set] + n) % WAYS] = line;
            held[set]++;
        } else {
            lines[base + oldest[set]] = line;
            oldest[set] = (byte) ((oldest[set] + 1) % WAYS);
        }
        misses[set]++;
        return true;
    }

    boolean hasRecord(long addr) {
        return missRecords.containsKey(addr);
    }

    void recordMiss(PhysicalAccess rec) {
        missRecords.put(rec.address(), rec);
    }

    long misses(int set) {
        return misses[set];
    }

    /** Miss records grouped by set, each group ascending by address. */
    PhysicalAccess[][] recordsBySet() {
        PhysicalAccess[] all = missRecords.toArray(new PhysicalAccess[0]);
        Arrays.sort(all);
        int[] counts = new int[SETS];
        for (PhysicalAccess r : all) {
            counts[setOf(r.address())]++;
        }
        PhysicalAccess[][] bySet = new PhysicalAccess[SETS][];
        for (int s = 0; s < SETS; s++) {
            bySet[s] = new PhysicalAccess[counts[s]];
            counts[s] = 0;
        }
        for (PhysicalAccess r : all) {
            int s = setOf(r.address());
            bySet[s][counts[s]++] = r;
        }
        return bySet;
    }
}
