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
            byLabel.computeIfAbsent(labelName, k -> new long[ObjectLabel.STACK_USES])[use]++;
        }
    }

    Report.TaskStacks summary() {
        Map<String, long[]> byProgram = new HashMap<>(); // per program: transfers by use
        Map<String, Integer> stacks = new HashMap<>(); // per program: its stack labels
        long[] total = new long[ObjectLabel.STACK_USES]; // by use
        byLabel.forEach((name, t) -> {
            String program = RegionLabel.taskStackProgram(name);
            long[] p = byProgram.computeIfAbsent(program, k -> new long[ObjectLabel.STACK_USES]);
            for (int use = 0; use < t.length; use++) {
                total[use] += t[use];
                p[use] += t[use];
            }
            stacks.merge(program, 1, Integer::sum);
        });
        List<Report.StackProgram> rows = new ArrayList<>();
        byProgram.forEach((program, p) -> rows.add(new Report.StackProgram(program, stacks.get(program), uses(p))));
        rows.sort(Comparator.comparingLong((Report.StackProgram r) -> -r.uses().transfers())
                .thenComparing(Report.StackProgram::program));
        return new Report.TaskStacks(uses(total), rows.subList(0, Math.min(PROGRAMS, rows.size())));
    }

    private static Report.StackUses uses(long[] byUse) {
        return new Report.StackUses(byUse[ObjectLabel.OWN_TASK], byUse[ObjectLabel.OTHER_TASK],
                byUse[ObjectLabel.EXITED_TASK], byUse[ObjectLabel.UNKNOWN_TASK]);
    }
}
