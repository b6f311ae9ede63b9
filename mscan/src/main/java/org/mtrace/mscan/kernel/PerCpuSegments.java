package org.mtrace.mscan.kernel;

import java.util.Arrays;

/**
 * The per-CPU areas the log declared (segment entries: [base, end) of CPU n), so a per-CPU
 * variable's instance can be described with its CPU ({@code runqueues[cpu 2].lock}). A machine has
 * few CPUs: a linear search over primitive arrays. Areas a later segment replaced are kept apart:
 * they name no CPU, but the per-CPU copies made there are still copies of globals.
 */
public final class PerCpuSegments {
    /** Areas kept, replaced ones included: a log that declares more (a hostile one) replaces in place. */
    private static final int MAX_AREAS = 1024;

    private long[] bases = new long[4];
    private long[] ends = new long[4];
    /** The CPU of each area, or -1 once a later segment of that CPU replaced it. */
    private int[] cpus = new int[4];
    private int size;

    /** Records the area of {@code cpu}; a later segment of the same CPU replaces the earlier one. */
    public void add(long base, long end, int cpu) {
        int reuse = -1; // the same area again, or past MAX_AREAS the CPU's earlier one
        for (int i = 0; i < size; i++) {
            if (bases[i] == base && ends[i] == end) {
                reuse = i;
            } else if (cpus[i] == cpu) {
                cpus[i] = -1;
                reuse = reuse < 0 && size >= MAX_AREAS ? i : reuse;
            }
        }
        if (reuse < 0) {
            if (size == bases.length) {
                bases = Arrays.copyOf(bases, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                cpus = Arrays.copyOf(cpus, size * 2);
            }
            reuse = size++;
        }
        bases[reuse] = base;
        ends[reuse] = end;
        cpus[reuse] = cpu;
    }

    /** The CPU whose area holds {@code addr}, or -1. */
    public int cpuAt(long addr) {
        for (int i = size - 1; i >= 0; i--) {
            if (cpus[i] >= 0 && inArea(i, addr)) {
                return cpus[i];
            }
        }
        return -1;
    }

    /** Whether {@code addr} lies in an area some segment declared, replaced since or not. */
    public boolean everHeld(long addr) {
        for (int i = 0; i < size; i++) {
            if (inArea(i, addr)) {
                return true;
            }
        }
        return false;
    }

    private boolean inArea(int i, long addr) {
        return Long.compareUnsigned(addr - bases[i], ends[i] - bases[i]) < 0;
    }
}
