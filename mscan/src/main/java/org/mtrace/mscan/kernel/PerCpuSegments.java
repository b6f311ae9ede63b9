package org.mtrace.mscan.kernel;

import java.util.Arrays;

/**
 * The per-CPU areas the log declared (segment entries: [base, end) of CPU n), so a per-CPU
 * variable's instance can be described with its CPU ({@code runqueues[cpu 2].lock}). A machine has
 * few CPUs: a linear search over primitive arrays.
 */
public final class PerCpuSegments {
    private long[] bases = new long[4];
    private long[] ends = new long[4];
    private int[] cpus = new int[4];
    private int size;

    /** Records the area of {@code cpu}; a later segment of the same CPU replaces the earlier one. */
    public void add(long base, long end, int cpu) {
        for (int i = 0; i < size; i++) {
            if (cpus[i] == cpu) {
                bases[i] = base;
                ends[i] = end;
                return;
            }
        }
        if (size == bases.length) {
            bases = Arrays.copyOf(bases, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            cpus = Arrays.copyOf(cpus, size * 2);
        }
        bases[size] = base;
        ends[size] = end;
        cpus[size++] = cpu;
    }

    /** The CPU whose area holds {@code addr}, or -1. */
    public int cpuAt(long addr) {
        for (int i = 0; i < size; i++) {
            if (Long.compareUnsigned(addr - bases[i], ends[i] - bases[i]) < 0) {
                return cpus[i];
            }
        }
        return -1;
    }
}
