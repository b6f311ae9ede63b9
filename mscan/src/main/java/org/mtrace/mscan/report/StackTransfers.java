package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtrace.mscan.kernel.RegionLabel;

/**
 * The transfers on tasks' stacks, by who made them ({@link ObjectLabel#stackUse}) and by the stack's
 * label ({@code stack of 182 (memcached)}), for the summary's line and its programs
 * ({@link Report.TaskStacks}). Counted by the counting side, one map probe per transfer on a stack.
 */
final class StackTransfers {
    /** Programs the summary lists, busiest first. */
    static final int PROGRAMS = 20;

    /** Per stack label name, the transfers by {@link ObjectLabel#stackUse}; the totals are their sums. */
    private final Map<String, long[]> byLabel = new HashMap<>();

    /** A transfer on the object of a label named {@code labelName}, made as {@code use} says. */
    void count(String labelName, byte use) {
        if (use != ObjectLabel.NOT_A_STACK) {
            byLabel.computeIfAbsent(labelName, k -> new long[4])[use]++;
        }
    }

    Report.TaskStacks summary() {
        Map<String, long[]> byProgram = new HashMap<>(); // per program: own, other, unknown, stacks
        long[] total = new long[4]; // by use
        byLabel.forEach((name, t) -> {
            for (int use = 0; use < t.length; use++) {
                total[use] += t[use];
            }
            long[] p = byProgram.computeIfAbsent(RegionLabel.taskStackProgram(name), k -> new long[4]);
            p[0] += t[ObjectLabel.OWN_TASK];
            p[1] += t[ObjectLabel.OTHER_TASK];
            p[2] += t[ObjectLabel.UNKNOWN_TASK];
            p[3]++;
        });
        List<Report.StackProgram> rows = new ArrayList<>();
        byProgram.forEach((program, p) -> rows.add(new Report.StackProgram(program, (int) p[3], p[0], p[1], p[2])));
        rows.sort(Comparator.comparingLong((Report.StackProgram r) -> -r.transfers()).thenComparing(Report.StackProgram::program));
        return new Report.TaskStacks(total[ObjectLabel.OWN_TASK], total[ObjectLabel.OTHER_TASK],
                total[ObjectLabel.UNKNOWN_TASK], rows.subList(0, Math.min(PROGRAMS, rows.size())));
    }
}
