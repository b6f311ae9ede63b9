package org.mtrace.analyses.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.MscanCli;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.record.FaultRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.SchedRecord;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/** page-faults on hand-worked logs: every expected figure below is counted by hand from the entries. */
class PageFaultsTest {
    static final long KSWAPD_SITE = 0xffffffff81286000L;
    static final long COPY_SITE = 0xffffffff81500000L;
    static final long VMA_A = 0x70000000L;
    static final long VMA_A_END = 0x71000000L;

    @TempDir
    Path dir;

    static FaultRecord fault(int cpu, long ts, long pid, long tgid, int kind, long pc, long addr, long vmaStart,
            long vmaEnd, long page, long result) {
        return new FaultRecord(new Header(cpu, 0, ts), pid, tgid, kind, pc, addr, vmaStart, vmaEnd, page, 0, result, 0);
    }

    /**
     * Entry 0 a plain sched (not an event); 1, 2 minor faults of threads 10 and 11 (process 10) at
     * one user PC in VMA A; 3 a swap-in (major) there, 4 its swap read; 5 kswapd (pid 20) writes a
     * page to swap; 6 a retried minor fault at another PC; 7 a major file fault by the kernel
     * (copy to user) in VMA B.
     */
    static void eightEntries(ScenarioLog s) {
        s.raw(new SchedRecord(new Header(0, 0, 1), 5));
        s.raw(fault(0, 100, 10, 10, 1, 0x401000L, 0x70001234L, VMA_A, VMA_A_END, 0, 0));
        s.raw(fault(1, 200, 11, 10, 1, 0x401000L, 0x70002000L, VMA_A, VMA_A_END, 0, 0));
        s.raw(fault(0, 300, 10, 10, 3, 0x401000L, 0x70001ff8L, VMA_A, VMA_A_END, 0, 0x4));
        s.raw(fault(0, 301, 10, 10, 5, 0x401000L, 0x70001ff8L, VMA_A, VMA_A_END, 0xffff888000123000L, 0));
        s.raw(fault(1, 400, 20, 20, 4, KSWAPD_SITE, 0, 0, 0, 0xffff888000456000L, 0));
        s.raw(fault(0, 500, 10, 10, 1, 0x402000L, 0x70001000L, VMA_A, VMA_A_END, 0, 0x400));
        s.raw(fault(1, 600, 11, 10, 2, COPY_SITE, 0x60000000L, 0x60000000L, 0x60010000L, 0, 0x4));
    }

    private static String kinds(int events, int minor, int major, int swapIn, int swapOut, int swapRead) {
        return "\"events\":" + events + ",\"minor\":" + minor + ",\"major\":" + major + ",\"swap-in\":" + swapIn
                + ",\"swap-out\":" + swapOut + ",\"swap-read\":" + swapRead;
    }

    @Test
    void ranksAndCountsAHandWorkedLog() throws Exception {
        FixedKernelInfo kernel = FixedKernelInfo.empty().pc(COPY_SITE, "copy_user_generic", "copy_user.S:10")
                .pc(KSWAPD_SITE, "pageout", "vmscan.c:1287");
        String json = ScenarioRun.run(dir, kernel, PageFaultsTest::eightEntries, "page-faults").json()
                .replaceAll("\\s", "");
        StringBuilder buckets = new StringBuilder();
        int[][] perEntry = {{1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 1, 0},
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}};
        for (int i = 0; i < perEntry.length; i++) { // 7 events over entries 1..7: one entry per bucket
            int[] k = perEntry[i];
            buckets.append(i == 0 ? "" : ",").append("{\"first-entry\":").append(i + 1).append(',')
                    .append(kinds(1, k[0], k[1], k[2], k[3], k[4])).append('}');
        }
        String expected = "{\"page-faults\":{"
                + "\"totals\":{" + kinds(7, 3, 1, 1, 1, 1) + ",\"retried\":1},"
                + "\"vmstat\":{\"pgfault\":4,\"pgmajfault\":2,\"pswpin\":1,\"pswpout\":1},"
                + "\"by-pc\":["
                + "{\"pc\":\"0x401000\",\"function\":\"user\"," + kinds(4, 2, 0, 1, 0, 1) + "},"
                + "{\"pc\":\"0x402000\",\"function\":\"user\"," + kinds(1, 1, 0, 0, 0, 0) + "},"
                + "{\"pc\":\"0xffffffff81286000\",\"function\":\"pageoutatvmscan.c:1287\"," + kinds(1, 0, 0, 0, 1, 0) + "},"
                + "{\"pc\":\"0xffffffff81500000\",\"function\":\"copy_user_genericatcopy_user.S:10\","
                + kinds(1, 0, 1, 0, 0, 0) + "}],"
                + "\"by-vma\":["
                + "{\"tgid\":10,\"start\":\"0x70000000\",\"end\":\"0x71000000\"," + kinds(5, 3, 0, 1, 0, 1) + "},"
                + "{\"tgid\":10,\"start\":\"0x60000000\",\"end\":\"0x60010000\"," + kinds(1, 0, 1, 0, 0, 0) + "}],"
                + "\"pages\":3,"
                + "\"by-page\":["
                + "{\"tgid\":10,\"page\":\"0x70001000\"," + kinds(4, 2, 0, 1, 0, 1) + "},"
                + "{\"tgid\":10,\"page\":\"0x60000000\"," + kinds(1, 0, 1, 0, 0, 0) + "},"
                + "{\"tgid\":10,\"page\":\"0x70002000\"," + kinds(1, 1, 0, 0, 0, 0) + "}],"
                + "\"by-task\":["
                + "{\"pid\":10,\"tgid\":10," + kinds(4, 2, 0, 1, 0, 1) + "},"
                + "{\"pid\":11,\"tgid\":10," + kinds(2, 1, 1, 0, 0, 0) + "},"
                + "{\"pid\":20,\"tgid\":20," + kinds(1, 0, 0, 0, 1, 0) + "}],"
                + "\"time-series\":{\"bucket-entries\":1,\"buckets\":[" + buckets + "]}}}";
        assertEquals(expected, json);
    }

    @Test
    void withoutAKernelImageKernelPcsHaveNoFunction() throws Exception {
        String json = ScenarioRun.run(dir, FixedKernelInfo.none(), PageFaultsTest::eightEntries, "page-faults").json()
                .replaceAll("\\s", "");
        assertTrue(json.contains("{\"pc\":\"0xffffffff81500000\"," + kinds(1, 0, 1, 0, 0, 0) + "}"), json);
    }

    /**
     * 100 minor faults at entries 0..99 and a swap-out at entry 149: 150 entries in at most 50
     * buckets of 3; buckets 0..32 hold 3 faults each, bucket 33 (entries 99..101) one, 34..48 none,
     * bucket 49 (147..149) the swap-out.
     */
    @Test
    void timeSeriesBucketsEntriesIncludingEmptyOnes() throws Exception {
        String json = ScenarioRun.run(dir, FixedKernelInfo.none(), s -> {
            for (int i = 0; i < 100; i++) {
                s.raw(fault(0, i, 7, 7, 1, 0x400000L + i, 0x10000L * i, 0, 0x1000000L, 0, 0));
            }
            for (int i = 100; i < 149; i++) {
                s.raw(new SchedRecord(new Header(0, 0, i), 7));
            }
            s.raw(fault(0, 149, 30, 30, 4, KSWAPD_SITE, 0, 0, 0, 0x1000L, 0));
        }, "page-faults").json().replaceAll("\\s", "");
        assertTrue(json.contains("\"bucket-entries\":3,"), json);
        Matcher m = Pattern.compile("\\{\"first-entry\":(\\d+),\"events\":(\\d+),\"minor\":(\\d+),\"major\":0,"
                + "\"swap-in\":0,\"swap-out\":(\\d+),\"swap-read\":0}").matcher(json);
        int n = 0;
        while (m.find()) {
            long first = Long.parseLong(m.group(1));
            assertEquals(3L * n, first);
            int minor = n <= 32 ? 3 : n == 33 ? 1 : 0;
            int swapOut = n == 49 ? 1 : 0;
            assertEquals(List.of(minor + swapOut, minor, swapOut), List.of(Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))), "bucket " + n);
            n++;
        }
        assertEquals(50, n);
    }

    private Path eightEntryLog() throws Exception {
        Path log = dir.resolve("f.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            eightEntries(s);
        }
        return log;
    }

    @Test
    void csvHasOneRowPerEventInLogOrder() throws Exception {
        Path log = eightEntryLog();
        Path csv = dir.resolve("f.csv");
        MscanCli.Run r = MscanCli.run("page-faults", "--csv=" + csv, "-q", log.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("pc,address,kind,cpu,pid,time",
                "0x401000,0x70001234,minor,0,10,100",
                "0x401000,0x70002000,minor,1,11,200",
                "0x401000,0x70001ff8,swap-in,0,10,300",
                "0x401000,0x70001ff8,swap-read,0,10,301",
                "0xffffffff81286000,0x0,swap-out,1,20,400",
                "0x402000,0x70001000,minor,0,10,500",
                "0xffffffff81500000,0x60000000,major,1,11,600"), Files.readAllLines(csv));
    }

    @Test
    void csvErrorsAreOneLineAndExit2() throws Exception {
        Path log = eightEntryLog();
        MscanCli.Run r = MscanCli.run("page-faults", "--csv=" + dir.resolve("no/such/dir/f.csv"), "-q", log.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("page-faults: cannot write " + dir.resolve("no/such/dir/f.csv")), r.stderr());
        MscanCli.Run alone = MscanCli.run("summary", "--csv=x.csv", log.toString());
        assertEquals(2, alone.status());
        assertTrue(alone.stderr().contains("--csv writes the events of the page-faults analysis"), alone.stderr());
    }
}
