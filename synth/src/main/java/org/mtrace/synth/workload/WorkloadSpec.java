package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;

/**
 * What a {@link Workload} generates: CPU count, exact entry count, random
 * seed, pattern mix, whether call/ret tracing is on, the trace name the
 * enabling host entries carry, and how many recording phases (each phase is
 * one enable ... disable bracket).
 */
public record WorkloadSpec(int cpus, long entries, long seed, PatternMix mix, boolean calls, String traceName,
        int phases) {
    public WorkloadSpec {
        if (cpus < 1 || cpus > Workload.MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be 1.." + Workload.MAX_CPUS);
        }
        if (phases < 1) {
            throw new IllegalArgumentException("phases must be at least 1");
        }
        if (entries < 0) {
            throw new IllegalArgumentException("entries must not be negative");
        }
    }

    FixedString phaseName(int phase) {
        return FixedString.terminated(phase == 0 ? traceName : traceName + "/phase" + (phase + 1));
    }

    /** Threads in the guest: enough that every CPU can run one while others are runnable or blocked. */
    int threads() {
        return 2 * cpus + 2;
    }
}
