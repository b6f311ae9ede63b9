package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.AccessType;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.kernelhooks.refilter.Refilter;
import org.mtrace.mscan.lines.TransferModel;

/**
 * The offline movement filter against the plugin's own: random access streams go through
 * recorder/src/movement.c (recorder/tools/movement_decide.c, compiled here, calls
 * movement_access_sized, the function the plugin's access path calls) and, as a full-trace log, through Refilter; the
 * accesses Refilter keeps must be exactly those the C filter calls traffic.
 */
class RefilterTest {
    /** One step of a stream: an access, or a reset (re-entering movement mode). */
    private record Step(boolean reset, long pa, int bytes, int cpu, boolean store) { }

    @TempDir
    Path tmp;

    private static List<Step> randomStream(long seed, int n) {
        Random r = new Random(seed);
        int[] sizes = {1, 2, 4, 8};
        int[] cpus = {0, 1, 2, 3, 7, 8, 40, 63};
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(2000) == 0) {
                steps.add(new Step(true, 0, 0, 0, false));
                continue;
            }
            // few lines (16 x 256 bytes around two distant pages) so that CPUs collide; any byte offset, so
            // some accesses straddle 64-byte lines
            long pa = (r.nextBoolean() ? 0x3a4d000L : 0x3f_ffff_f000L) + r.nextInt(4096 / 4) * 4L + r.nextInt(4);
            steps.add(new Step(false, pa, sizes[r.nextInt(4)], cpus[r.nextInt(r.nextBoolean() ? 2 : cpus.length)],
                    r.nextInt(3) == 0));
        }
        return steps;
    }

    private String pluginDecisions(List<Step> steps) throws Exception {
        Path src = Commands.root().resolve("recorder/src");
        Path exe = tmp.resolve("movement-decide");
        Commands.run(List.of("cc", "-O1", "-std=gnu11", "-I", src.toString(),
                Commands.root().resolve("recorder/tools/movement_decide.c").toString(),
                src.resolve("movement.c").toString(), "-o", exe.toString()));
        StringBuilder in = new StringBuilder();
        for (Step s : steps) {
            in.append(s.reset ? "R\n" : String.format("A %x %d %d %d%n", s.pa, s.bytes, s.cpu, s.store ? 1 : 0));
        }
        return Commands.run(List.of(exe.toString()), in.toString());
    }

    /** The full trace of the stream: movement mode, every access logged with traffic, as --all records. */
    private Path fullTrace(List<Step> steps, long sample) throws IOException {
        Path log = tmp.resolve("full.mtrace.gz");
        try (LogWriter w = LogWriter.create(log, Compression.BGZF)) {
            w.write(new MachineRecord(new Header(0, 0, 0), 64, 1L << 30, 0, sample, false, false));
            w.write(HostRecord.recordMode(new Header(0, 0, 0), 0, RecordMode.MOVEMENT.code(), "start"));
            long count = 0;
            for (Step s : steps) {
                if (s.reset) {
                    w.write(HostRecord.recordMode(new Header(0, count, 0), 0, RecordMode.DISABLE.code(), "off"));
                    w.write(new LabelRecord(new Header(0, count, 0), 0x1000, 1, "between", 0xffff888000001000L, 64,
                            0xffffffff81000000L));
                    w.write(HostRecord.recordMode(new Header(0, count, 0), 0, RecordMode.MOVEMENT.code(), "on"));
                    continue;
                }
                long type = (s.store ? AccessType.ST : AccessType.LD).code();
                w.write(new AccessRecord(new Header(s.cpu, count++, 0), type, true, false, false, 0x401000,
                        s.pa, 0x7fff0000L + s.pa, s.bytes));
            }
            w.write(HostRecord.recordMode(new Header(0, count, 0), 0, RecordMode.DISABLE.code(), "end"));
        }
        return log;
    }

    @Test
    void keepsExactlyThePluginsTrafficOnRandomStreams() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<Step> steps = randomStream(seed, 60_000);
            String decisions = pluginDecisions(steps);
            Path out = tmp.resolve("out" + seed + ".mtrace.gz");
            try (LogReader in = LogReader.open(fullTrace(steps, 1)); LogWriter w = LogWriter.create(out, Compression.BGZF)) {
                new Refilter(new TransferModel(64)).run(in, w);
            }
            StringBuilder kept = new StringBuilder();
            long nonAccess = 0;
            long expectedNext = 0;
            try (LogReader r = LogReader.open(out)) {
                while (r.next()) {
                    Entry e = r.entry();
                    if (e.type() != EntryType.ACCESS) {
                        nonAccess++;
                        continue;
                    }
                    assertTrue(e.asAccess().traffic(), "kept accesses carry the traffic flag");
                    for (; expectedNext < e.accessCount(); expectedNext++) {
                        kept.append('0');
                    }
                    kept.append('1');
                    expectedNext++;
                }
            }
            while (kept.length() < decisions.length()) {
                kept.append('0');
            }
            long traffic = decisions.chars().filter(ch -> ch == '1').count();
            assertTrue(traffic > 1000 && traffic < decisions.length() - 1000, "a stream with both outcomes: " + traffic);
            int first = 0;
            while (first < decisions.length() && decisions.charAt(first) == kept.charAt(first)) {
                first++;
            }
            final int at = first;
            final long theSeed = seed;
            assertEquals(decisions.length(), first, () -> "seed " + theSeed + ": access " + at + " (" + steps.stream()
                    .filter(s -> !s.reset).skip(at).findFirst().orElse(null) + "): the plugin says "
                    + decisions.charAt(at) + ", the refilter " + kept.charAt(at));
            assertEquals(decisions.length(), kept.length(), "one decision per access");
            long resets = steps.stream().filter(Step::reset).count();
            assertEquals(3 + 3 * resets, nonAccess, "every other entry is copied");
        }
    }

    @Test
    void refusesSampledLogsAndGapsWithTheEntryLocated() throws Exception {
        List<Step> steps = randomStream(9, 10);
        Path sampled = fullTrace(steps, 5);
        try (LogReader in = LogReader.open(sampled); LogWriter w = LogWriter.create(tmp.resolve("o1"), Compression.BGZF)) {
            Refilter.BadInputException e = assertThrows(Refilter.BadInputException.class,
                    () -> new Refilter(new TransferModel(64)).run(in, w));
            assertEquals(sampled + ": entry 0 at byte offset 0: the log was sampled (1 of 5); refiltering needs "
                    + "every access: record with --all and without --sample", e.getMessage());
        }
        Path gap = tmp.resolve("gap.mtrace.gz");
        try (LogWriter w = LogWriter.create(gap, Compression.BGZF)) {
            w.write(new MachineRecord(new Header(0, 0, 0), 4, 1L << 30, 0, 1, false, false));
            w.write(HostRecord.recordMode(new Header(0, 0, 0), 0, RecordMode.MOVEMENT.code(), "start"));
            w.write(new AccessRecord(new Header(0, 0, 0), 1, true, false, false, 1, 0x1000, 0x1000, 8));
            w.write(new AccessRecord(new Header(0, 2, 0), 1, true, false, false, 1, 0x1000, 0x1000, 8));
        }
        // machine 51 bytes (offset 0), host 108 (51), first access 54 (159): the second starts at 213 (FORMAT.md sizes)
        try (LogReader in = LogReader.open(gap); LogWriter w = LogWriter.create(tmp.resolve("o2"), Compression.BGZF)) {
            Refilter.BadInputException e = assertThrows(Refilter.BadInputException.class,
                    () -> new Refilter(new TransferModel(64)).run(in, w));
            assertEquals(gap + ": entry 3 at byte offset 213: access_count jumps from 0 to 2: not a full trace "
                    + "(record with --all)", e.getMessage());
        }
    }
}
