package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * The report's chunks ({@link PendingTransfers}), applied by a second thread, change when accesses
 * are applied, never what they count: on random movement logs (labels nested in blocks and removed
 * on the way, system calls with calls and returns inside them, straddling accesses, a disable and a second reset, stretches where most
 * accesses move no line, user addresses that the kernel-only filter leaves out) the document is the
 * same applying every access as it is read, putting every access it can in chunks (of the report's
 * size, and of 2 and 7 accesses, so that chunks are handed over thousands of times and straddling
 * accesses meet their ends), and switching between the two as the report does; with one
 * processor, where the pass's thread applies the chunks itself, too.
 */
class ReportBatchingTest {
    private static final long BASE = 0xffff888000010000L;
    /** User addresses on the same host pages (mapped in user space too): the kernel-only filter leaves them out. */
    private static final long USER = 0x00007f0000010000L;
    /** "pair" as in ReportTest, with a field name for every offset of its 72 bytes. */
    private static final KernelInfo KERNEL = ReportTest.withStruct(FixedKernelInfo.empty()
            .type("pair", offset -> ".f" + offset / 8)
            .pc(ReportTest.P1, "writer", "pair.c:10").pc(ReportTest.P2, "reader", "pair.c:20"),
            "pair", 72, List.of(new Member(0, 8, "f0", "long"), new Member(8, 8, "f1", "long"),
                    new Member(16, 8, "f2", "long"), new Member(24, 40, "f3", "char[40]"), new Member(64, 8, "f8", "long")));

    @Test
    void everyBatchingGivesTheSameDocument(@TempDir Path dir) throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            Path log = dir.resolve("r" + seed + ".log");
            write(log, new Random(seed));
            for (Filters filters : List.of(Filters.defaults(),
                    new Filters(Filters.Sort.writes, 50, null, null, List.of(1, 2), AddressScope.KERNEL))) {
                String never = json(log, filters, ReportCollector.Batching.NEVER, PendingTransfers.CHUNK, true);
                assertTrue(never.contains("\"transfers\""), "a report with transfers");
                assertTrue(never.contains("\"callers\""), "sites with call stacks");
                for (int chunk : new int[] {PendingTransfers.CHUNK, 2, 7}) {
                    assertEquals(never, json(log, filters, ReportCollector.Batching.ALWAYS, chunk, true), "seed " + seed);
                    assertEquals(never, json(log, filters, ReportCollector.Batching.ADAPTIVE, chunk, true), "seed " + seed);
                }
                // one processor: the chunks applied by the pass's thread
                assertEquals(never, json(log, filters, ReportCollector.Batching.ADAPTIVE, 7, false), "seed " + seed);
                // a call-stack table of 4 tuples: the rest written down and counted after the pass
                assertEquals(never, json(log, filters, ReportCollector.Batching.ADAPTIVE, PendingTransfers.CHUNK, true, 4),
                        "seed " + seed);
            }
        }
    }

    private static String json(Path log, Filters filters, ReportCollector.Batching batching, int chunk,
            boolean threaded) throws IOException {
        return json(log, filters, batching, chunk, threaded, SiteStacks.LIMIT);
    }

    private static String json(Path log, Filters filters, ReportCollector.Batching batching, int chunk,
            boolean threaded, int stackTuples) throws IOException {
        try (LogReader r = LogReader.open(log, ReaderOptions.STRICT)) {
            ReportCommand.Outcome o = ReportCommand.analyse(r, KERNEL, log.toString(), "k", LineSize.of(64), filters,
                    ProgressListener.NONE, batching, chunk, threaded, stackTuples);
            PassResult p = o.result();
            assertTrue(p.logFault() == null && p.traceFault() == null && p.internalFault() == null
                    && p.failures().isEmpty() && o.lastBatchFault() == null, "the whole log is read: " + p);
            return ReportJson.render(o.report());
        }
    }

    /** 4 CPUs, 16 pages, each a block with heap objects ("pair") inside some of them. */
    private static void write(Path log, Random rnd) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(4, 1 << 30);
            for (int page = 0; page < 16; page++) {
                s.label(0, LabelMaps.BLOCK, "pages", BASE + 4096L * page, 4096, ReportTest.P3);
            }
            s.mode(0, 1, 100, "t");
            int serial = 0;
            java.util.Set<Long> live = new java.util.LinkedHashSet<>(); // starts of the heap objects
            long[] inCall = new long[4]; // per CPU: the entry PC of its current system call, 0 outside one
            int[] depth = new int[4]; // per CPU: the frames of its call stack
            for (int step = 0; step < 40_000; step++) {
                int cpu = rnd.nextInt(4);
                // a stretch where one CPU rereads its own lines: mostly no transfers
                boolean quiet = (step / 5000) % 2 == 1;
                int op = rnd.nextInt(100);
                if (op < 2) { // a heap object inside a block, overlapping others at times
                    long at = BASE + 4096L * rnd.nextInt(16) + 8L * rnd.nextInt(500);
                    if (live.add(at)) {
                        s.label(cpu, LabelMaps.HEAP, "pair", at, 72, 0);
                    }
                } else if (op < 3 && !live.isEmpty()) { // freed
                    long at = live.stream().skip(rnd.nextInt(live.size())).findFirst().orElseThrow();
                    live.remove(at);
                    s.label(cpu, LabelMaps.HEAP, "pair", at, 0, 0);
                } else if (op < 5) { // each CPU enters and leaves system calls of one thread in turn
                    if (inCall[cpu] == 0) {
                        inCall[cpu] = 0xffffffff81000100L + 16L * rnd.nextInt(6);
                        s.fcall(cpu, FcallState.START, 10 + cpu, inCall[cpu], serial++);
                    } else {
                        s.fcall(cpu, FcallState.DONE, 10 + cpu, inCall[cpu], 0);
                        inCall[cpu] = 0;
                        depth[cpu] = 0;
                    }
                } else if (op < 9 && inCall[cpu] != 0) { // calls and returns inside it: the sites' call stacks
                    if (depth[cpu] > 0 && rnd.nextBoolean()) {
                        s.ret(cpu);
                        depth[cpu]--;
                    } else {
                        s.call(cpu, 0xffffffff81000400L + 64L * rnd.nextInt(4), 0xffffffff81000800L + 8L * rnd.nextInt(8));
                        depth[cpu]++;
                    }
                } else if (step == 22_500) { // in a busy stretch: a batch holds stores then
                    s.mode(0, 0, 200, "");      // disable: nothing counted
                    s.mode(0, 1, 300, "t");     // movement again: every line in every cache
                } else {
                    long base = rnd.nextInt(6) == 0 ? USER : BASE;
                    long line = base + 64L * (quiet ? cpu * 8 + rnd.nextInt(8) : rnd.nextInt(1024));
                    int bytes = 1 << rnd.nextInt(4);
                    long addr = line + (rnd.nextInt(20) == 0 ? 64 - bytes / 2 - 1 : rnd.nextInt(64 / bytes) * bytes);
                    boolean store = !quiet && rnd.nextInt(3) == 0;
                    ReportTest.access(s, quiet ? 0 : cpu, store, rnd.nextBoolean() ? ReportTest.P1 : ReportTest.P2, addr,
                            bytes);
                }
            }
        }
    }
}
