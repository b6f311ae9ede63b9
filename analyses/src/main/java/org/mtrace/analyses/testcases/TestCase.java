package org.mtrace.analyses.testcases;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeMap;
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

    private static final Comparator<long[]> PAIR_ORDER = (x, y) -> {
        int c = Long.compareUnsigned(x[0], y[0]);
        return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
    };

    final String name;
    final boolean kernelScope;
    /** Per CPU (index = CPU number, grown on demand). */
    private int[] syscallDepth = new int[8];
    private AccessSet[] accessSets = new AccessSet[8];
    private TreeMap<long[], Conflict> conflicts;

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
            s = new AccessSet();
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

    /** Compares every pair of CPUs (ascending) and discards the per-CPU data. */
    void finalise() {
        conflicts = new TreeMap<>(PAIR_ORDER);
        for (int i = 0; i < accessSets.length; i++) {
            for (int j = i + 1; accessSets[i] != null && j < accessSets.length; j++) {
                if (accessSets[j] != null) {
                    compare(accessSets[i], accessSets[j]);
                }
            }
        }
        accessSets = null;
        syscallDepth = null;
    }

    /** Two cursors in address order; the one whose record ends first advances. */
    private void compare(AccessSet a, AccessSet b) {
        Iterator<PhysicalAccess> ia = a.records().iterator();
        Iterator<PhysicalAccess> ib = b.records().iterator();
        if (!ia.hasNext() || !ib.hasNext()) {
            return;
        }
        PhysicalAccess x = ia.next();
        PhysicalAccess y = ib.next();
        while (true) {
            if (conflict(x, y)) {
                conflicts.putIfAbsent(new long[] {x.address(), y.address()}, new Conflict(x, y));
            }
            if (Long.compareUnsigned(x.end(), y.end()) > 0) {
                if (!ib.hasNext()) {
                    return;
                }
                y = ib.next();
            } else {
                if (!ia.hasNext()) {
                    return;
                }
                x = ia.next();
            }
        }
    }

    /** Strictly overlapping ranges, at least one a write. */
    static boolean conflict(PhysicalAccess x, PhysicalAccess y) {
        return (x.isWrite() || y.isWrite()) && Long.compareUnsigned(x.address(), y.end()) < 0
                && Long.compareUnsigned(y.address(), x.end()) < 0;
    }

    Iterable<Conflict> conflicts() {
        return conflicts.values();
    }
}
