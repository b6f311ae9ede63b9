package org.mtrace.analyses.testcases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * One commutativity test case: its name and scope kind, per-CPU system-call depth and access sets
 * while it runs, and, once finalised, the conflicting access pairs between CPUs.
 */
final class TestCase {
    /** A conflicting pair, keyed by (first address, second address). */
    record Conflict(PhysicalAccess first, PhysicalAccess second) {
    }

    final String name;
    final boolean kernelScope;
    /** Per CPU (index = CPU number, grown on demand). */
    private int[] syscallDepth = new int[8];
    private AccessSet[] accessSets = new AccessSet[8];
    /** The type names and stacks of all the test case's access sets. */
    private AccessOrigins origins = new AccessOrigins();
    private List<Conflict> conflicts;

    TestCase(String name, boolean kernelScope) {
        this.name = name;
        this.kernelScope = kernelScope;
    }

    void syscallEnter(int cpu) {
        ensureCpu(cpu);
        syscallDepth[cpu]++;
    }

    void syscallExit(int cpu) {
        ensureCpu(cpu);
        if (--syscallDepth[cpu] < 0) {
            throw new AnalysisException("assertion failed: syscall depth of cpu " + cpu + " below 0 in test case "
                    + name);
        }
    }

    /** Accesses outside kernel scope count only inside a system call. */
    boolean records(int cpu) {
        return kernelScope || cpu < syscallDepth.length && syscallDepth[cpu] != 0;
    }

    AccessSet accessSet(int cpu) {
        ensureCpu(cpu);
        AccessSet s = accessSets[cpu];
        if (s == null) {
            s = new AccessSet(origins);
            accessSets[cpu] = s;
        }
        return s;
    }

    private void ensureCpu(int cpu) {
        if (cpu >= accessSets.length) {
            int n = Math.max(cpu + 1, accessSets.length * 2);
            accessSets = Arrays.copyOf(accessSets, n);
            syscallDepth = Arrays.copyOf(syscallDepth, n);
        }
    }

    boolean finalised() {
        return conflicts != null;
    }

    /**
     * Compares every pair of CPUs (ascending) and discards the per-CPU data. Each CPU pair's
     * conflicts come out in key order; merging them, with ties going to the earlier CPU pair and
     * later equal keys dropped, gives the order and choice of the original's ordered set of pairs
     * (put if absent) without a tree and without records for the dropped pairs.
     */
    void finalise() {
        PriorityQueue<PairConflicts> heads = new PriorityQueue<>(PairConflicts::compareCurrent);
        int order = 0;
        for (int i = 0; i < accessSets.length; i++) {
            for (int j = i + 1; accessSets[i] != null && j < accessSets.length; j++) {
                if (accessSets[j] != null) {
                    PairConflicts found = new PairConflicts(accessSets[i], accessSets[j], order++);
                    if (!found.exhausted()) {
                        heads.add(found);
                    }
                }
            }
        }
        conflicts = new ArrayList<>();
        long lastFirst = 0; // the key of the last pair kept
        long lastSecond = 0;
        while (!heads.isEmpty()) {
            PairConflicts p = heads.poll();
            long firstAddress = p.firstAddress();
            long secondAddress = p.secondAddress();
            if (conflicts.isEmpty() || firstAddress != lastFirst || secondAddress != lastSecond) {
                conflicts.add(new Conflict(p.first.record(p.firstPosition()), p.second.record(p.secondPosition())));
                lastFirst = firstAddress;
                lastSecond = secondAddress;
            }
            p.advance();
            if (!p.exhausted()) {
                heads.add(p);
            }
        }
        accessSets = null;
        syscallDepth = null;
        origins = null;
    }

    Iterable<Conflict> conflicts() {
        return conflicts;
    }
}
