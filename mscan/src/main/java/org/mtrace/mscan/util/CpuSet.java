package org.mtrace.mscan.util;

import java.util.Arrays;

/**
 * A set of CPU numbers: one {@code long} word for CPUs 0..63 and, only when a higher CPU is
 * added, further words. Replaces the original's 64-bit masks, whose bits were correct only for
 * CPUs 0..30.
 */
public final class CpuSet {
    private long low;
    private long[] high;

    public void add(int cpu) {
        if (cpu < 64) {
            low |= 1L << cpu;
            return;
        }
        int w = (cpu >>> 6) - 1;
        if (high == null || w >= high.length) {
            high = high == null ? new long[w + 1] : Arrays.copyOf(high, w + 1);
        }
        high[w] |= 1L << (cpu & 63);
    }

    public boolean contains(int cpu) {
        if (cpu < 64) {
            return (low & (1L << cpu)) != 0;
        }
        int w = (cpu >>> 6) - 1;
        return high != null && w < high.length && (high[w] & (1L << (cpu & 63))) != 0;
    }

    /** No CPU in common. */
    public boolean disjoint(CpuSet o) {
        if ((low & o.low) != 0) {
            return false;
        }
        if (high == null || o.high == null) {
            return true;
        }
        for (int i = 0, n = Math.min(high.length, o.high.length); i < n; i++) {
            if ((high[i] & o.high[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    public CpuSet copy() {
        CpuSet c = new CpuSet();
        c.low = low;
        c.high = high == null ? null : high.clone();
        return c;
    }
}
