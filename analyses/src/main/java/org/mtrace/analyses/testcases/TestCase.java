package org.mtrace.analyses.testcases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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

    /** Conflicts are keyed by (first address, second address). */
    private static final Comparator<Conflict> PAIR_ORDER = (x, y) -> {
        int c = Long.compareUnsigned(x.first().address(), y.first().address());
        return c != 0 ? c : Long.compareUnsigned(x.second().address(), y.second().address());
    };

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
     * Compares every pair of CPUs (ascending) and discards the per-CPU data. The pairs are
     * collected in the order found, then sorted stably by their key, keeping the first of equal
     * keys: the order and choice of an ordered map with put-if-absent, without its tree (each CPU
     * pair's walk finds its pairs already in key order, so the sort mostly merges runs).
     */
    void finalise() {
        List<Conflict> found = new ArrayList<>();
        for (int i = 0; i < accessSets.length; i++) {
            for (int j = i + 1; accessSets[i] != null && j < accessSets.length; j++) {
                if (accessSets[j] != null) {
                    compare(accessSets[i], accessSets[j], found);
                }
            }
        }
        found.sort(PAIR_ORDER);
        conflicts = new ArrayList<>();
        for (Conflict c : found) {
            if (conflicts.isEmpty() || PAIR_ORDER.compare(conflicts.get(conflicts.size() - 1), c) != 0) {
                conflicts.add(c);
            }
        }
        accessSets = null;
        syscallDepth = null;
        origins = null;
    }

    /** Two cursors in address order; the one whose record ends first advances. */
    private static void compare(AccessSet a, AccessSet b, List<Conflict> found) {
        AccessColumns ca = a.columns();
        AccessColumns cb = b.columns();
        long x = ca.first();
        long y = cb.first();
        while (x != AccessColumns.NONE && y != AccessColumns.NONE) {
            if (conflict(ca, x, cb, y)) {
                found.add(new Conflict(a.record(x), b.record(y)));
            }
            if (Long.compareUnsigned(ca.end(x), cb.end(y)) > 0) {
                y = cb.next(y);
            } else {
                x = ca.next(x);
            }
        }
    }

    /** Strictly overlapping ranges, at least one a write. */
    private static boolean conflict(AccessColumns a, long x, AccessColumns b, long y) {
        return (AccessSet.isWrite(a.tag(x)) || AccessSet.isWrite(b.tag(y)))
                && Long.compareUnsigned(a.start(x), b.end(y)) < 0 && Long.compareUnsigned(b.start(y), a.end(x)) < 0;
    }

    Iterable<Conflict> conflicts() {
        return conflicts;
    }
}
