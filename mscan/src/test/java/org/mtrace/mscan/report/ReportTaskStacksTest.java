package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * The transfers on tasks' stacks by who made them (docs/report.md, "Task stacks"), on hand-worked
 * logs: three CPUs in movement mode (after the mode entry every CPU holds every line, so each store
 * below by a CPU not holding the line alone is one transfer), the stack of thread 7 at T.
 */
class ReportTaskStacksTest {
    static final long T = 0xffffc90000c00000L, PC = 0xffffffff81000010L;

    /**
     * sched: CPU 0 runs 7, CPU 1 runs 9, CPU 2 none. Stores at T+0x10: CPU 0 (7 on its own stack: own),
     * CPU 1 (9 on 7's: other), CPU 0 (own), then sched CPU 1 runs 7 (7 migrated) and CPU 1 stores (own),
     * CPU 2 stores (no sched entry yet: unknown), and CPU 0 stores at T+0x4000, past the stack (not a
     * stack). 6 transfers: 5 on the stack, own 3, other 1, unknown 1.
     */
    @Test
    void stackTransfersAreToldApartByTheTaskThatMadeThem(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "s.log", ReportTest.movementLog(3, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "stack of 7 (sh)", T, 0x4000, 0);
            s.sched(0, 7).sched(1, 9);
            for (int cpu : new int[] {0, 1, 0}) {
                ReportTest.access(s, cpu, true, PC, T + 0x10, 8);
            }
            s.sched(1, 7);
            ReportTest.access(s, 1, true, PC, T + 0x10, 8);
            ReportTest.access(s, 2, true, PC, T + 0x10, 8);
            ReportTest.access(s, 0, true, PC, T + 0x4000, 8);
        }), FixedKernelInfo.empty());
        assertEquals(6, r.summary().transfers());
        Report.StackUses uses = new Report.StackUses(3, 1, 0, 1);
        assertEquals(new Report.TaskStacks(uses, List.of(new Report.StackProgram("sh", 1, uses))), r.summary().taskStacks());
        String text = ReportTest.text(r);
        assertTrue(text.contains("  task stacks 83.3%: by their own task 50.0% (it migrated, or another task touched the"
                + " line), by other tasks 16.7%,\n              unknown 16.7%\n"), text);
    }

    /** The same stores without sched entries: whose they were is unknown, and the text says nothing of it. */
    @Test
    void withoutSchedEntriesTheTaskIsUnknown(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "n.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "stack of 7 (sh)", T, 0x4000, 0);
            ReportTest.twice(s, PC, T + 0x10, 8);
        }), FixedKernelInfo.empty());
        Report.StackUses uses = new Report.StackUses(0, 0, 0, 2);
        assertEquals(new Report.TaskStacks(uses, List.of(new Report.StackProgram("sh", 1, uses))), r.summary().taskStacks());
        assertFalse(ReportTest.text(r).contains("task stacks"));
    }

    static final long T8 = 0xffffc90000c10000L, T9 = 0xffffc90000c20000L;

    /**
     * By program, from the stack labels' names: the stacks of 7 and 8 (both sh) and of 9 (make); CPU 0
     * runs 7, CPU 1 runs 9. Stores: CPU 0 and CPU 1 at T+0x10 (7's: own, other), CPU 1 and CPU 0 at
     * T8+0x10 (8's: other, other), CPU 1 at T9+0x10 (9's: own). sh: 2 stacks, 4 transfers (1 own, 3
     * other); make: 1 stack, 1 (own); sh first.
     */
    @Test
    void stackTransfersAreListedByProgram(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "p.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "stack of 7 (sh)", T, 0x4000, 0);
            s.label(0, LabelMaps.BLOCK, "stack of 8 (sh)", T8, 0x4000, 0);
            s.label(0, LabelMaps.BLOCK, "stack of 9 (make)", T9, 0x4000, 0);
            s.sched(0, 7).sched(1, 9);
            ReportTest.twice(s, PC, T + 0x10, 8);
            ReportTest.access(s, 1, true, PC, T8 + 0x10, 8);
            ReportTest.access(s, 0, true, PC, T8 + 0x10, 8);
            ReportTest.access(s, 1, true, PC, T9 + 0x10, 8);
        }), FixedKernelInfo.empty());
        assertEquals(new Report.TaskStacks(new Report.StackUses(2, 3, 0, 0), List.of(
                new Report.StackProgram("sh", 2, new Report.StackUses(1, 3, 0, 0)),
                new Report.StackProgram("make", 1, new Report.StackUses(1, 0, 0, 0)))), r.summary().taskStacks());
        assertTrue(ReportTest.text(r).contains("    by program: sh 80.0% (2 stacks), make 20.0% (1 stack)\n"), ReportTest.text(r));
    }

    /**
     * A stack whose task exited: fork takes the freed stack for a new task and the parent zeroes it
     * before the recorder names it after the child. CPU 0 runs 7, CPU 1 runs 9. Stores at T+0x10:
     * CPU 1 (9 on 7's, 7 alive: other); task entry: 7 exits; CPU 0 (now running 5, on 7's stack:
     * exited), CPU 1 (exited); task entry: a new thread 7 starts (its id reused); CPU 0 (5 on 7's:
     * other again). 4 transfers: other 2, exited 2.
     */
    @Test
    void anotherTaskOnTheStackOfAnExitedTaskIsToldApart(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "x.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "stack of 7 (cc1)", T, 0x4000, 0);
            s.sched(0, 7).sched(1, 9);
            ReportTest.access(s, 1, true, PC, T + 0x10, 8);
            s.task(0, 7, 3, "cc1").sched(0, 5);
            ReportTest.access(s, 0, true, PC, T + 0x10, 8);
            ReportTest.access(s, 1, true, PC, T + 0x10, 8);
            s.task(1, 7, 1, "gcc");
            ReportTest.access(s, 0, true, PC, T + 0x10, 8);
        }), FixedKernelInfo.empty());
        Report.StackUses uses = new Report.StackUses(0, 2, 2, 0);
        assertEquals(new Report.TaskStacks(uses, List.of(new Report.StackProgram("cc1", 1, uses))), r.summary().taskStacks());
        String text = ReportTest.text(r);
        assertTrue(text.contains("by other tasks 50.0%, on\n              exited tasks' stacks 50.0% (freed stacks made ready"
                + " for new tasks)\n"), text);
    }
}
