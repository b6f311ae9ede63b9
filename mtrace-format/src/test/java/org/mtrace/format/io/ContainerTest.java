package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.format.record.EntryRecord;

/** The gzip/raw container rules of FORMAT.md §1.2, checked against system tools where possible. */
class ContainerTest {
    @TempDir
    Path tmp;

    private static final List<ReaderOptions> BOTH = List.of(Logs.PARALLEL, Logs.SEQUENTIAL);

    static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cmd.out").toFile()).start();
        return p.waitFor();
    }

    static boolean haveCommand(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void readsASingleMemberWrittenByTheSystemGzip() throws Exception {
        assumeTrue(haveCommand("gzip"), "gzip not installed");
        List<EntryRecord> written = Logs.mixed(30_000);
        Path log = tmp.resolve("log");
        Files.write(log, Logs.raw(written));
        assertEquals(0, run(tmp, "gzip", "-6", "log"));
        byte[] gz = Files.readAllBytes(tmp.resolve("log.gz")); // has FNAME, no BC subfield
        for (ReaderOptions o : BOTH) {
            Logs.Outcome read = Logs.read(gz, o);
            assertNull(read.fault());
            assertEquals(written, read.entries());
        }
        try (LogReader r = LogReader.open(tmp.resolve("log.gz"))) {
            assertEquals(Container.GZIP, r.container());
        }
    }

    @Test
    void ourBgzfPassesGzipTestZcatAndPython() throws Exception {
        assumeTrue(haveCommand("gzip"), "gzip not installed");
        List<EntryRecord> written = Logs.mixed(30_000);
        Path log = tmp.resolve("log.gz");
        // small members so that the parallel deflate path (after the first 32 members) is exercised
        Files.write(log, Logs.write(written, Compression.BGZF,
                WriterOptions.DEFAULT.withDeflateThreads(2).withMemberPayload(8000)));
        assertEquals(0, run(tmp, "gzip", "-t", "log.gz"));
        assertEquals(0, run(tmp, "sh", "-c", "zcat log.gz > zcat.out"));
        assertArrayEquals(Logs.raw(written), Files.readAllBytes(tmp.resolve("zcat.out")));
        if (haveCommand("python3")) {
            assertEquals(0, run(tmp, "python3", "-c",
                    "import gzip,sys; open('py.out','wb').write(gzip.open('log.gz').read())"));
            assertArrayEquals(Logs.raw(written), Files.readAllBytes(tmp.resolve("py.out")));
        }
    }

    @Test
    void bgzfSizeFieldsTileTheFileAndMembersHoldWholeEntries() throws Exception {
        List<EntryRecord> written = Logs.mixed(50_000);
        byte[] log = Logs.write(written, Compression.BGZF);
        // Walk the members by their BC field (RFC 1952 header + SAM spec §4.1), inflate each on its own.
        int at = 0;
        int members = 0;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (at < log.length) {
            assertEquals(0x1f, log[at] & 0xff);
            assertEquals(0x8b, log[at + 1] & 0xff);
            assertEquals(4, log[at + 3]); // FEXTRA only
            assertEquals(6, (log[at + 10] & 0xff) | (log[at + 11] & 0xff) << 8);
            assertEquals('B', log[at + 12]);
            assertEquals('C', log[at + 13]);
            int size = ((log[at + 16] & 0xff) | (log[at + 17] & 0xff) << 8) + 1;
            byte[] member = java.util.Arrays.copyOfRange(log, at, at + size);
            byte[] payload = new GZIPInputStream(new ByteArrayInputStream(member)).readAllBytes();
            assertTrue(payload.length <= 0xff00);
            all.writeBytes(payload);
            at += size;
            members++;
        }
        assertEquals(log.length, at);
        assertTrue(members > 3);
        assertArrayEquals(Logs.raw(written), all.toByteArray());
    }

    @Test
    void concatenatedLogsReadAsOneStream() throws Exception {
        List<EntryRecord> a = Logs.mixed(5_000);
        List<EntryRecord> b = Logs.everyKind();
        List<EntryRecord> both = new ArrayList<>(a);
        both.addAll(b);
        // cat a.gz b.gz, for every mix of BGZF and single-member gzip
        for (Compression ca : List.of(Compression.BGZF, Compression.GZIP)) {
            for (Compression cb : List.of(Compression.BGZF, Compression.GZIP)) {
                byte[] cat = Logs.concat(Logs.write(a, ca), Logs.write(b, cb));
                for (ReaderOptions o : BOTH) {
                    Logs.Outcome read = Logs.read(cat, o);
                    assertNull(read.fault(), ca + "+" + cb);
                    assertEquals(both, read.entries(), ca + "+" + cb);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BGZF", "GZIP"})
    void trailingGarbageAfterTheLastMemberIsIgnored(String compression) throws Exception {
        List<EntryRecord> written = Logs.mixed(3_000);
        byte[] log = Logs.write(written, Compression.valueOf(compression));
        for (byte[] garbage : List.of(new byte[] {0}, new byte[] {0x1f}, "not gzip at all\n".getBytes(),
                new byte[1000])) {
            for (ReaderOptions o : BOTH) {
                Logs.Outcome read = Logs.read(Logs.concat(log, garbage), o);
                assertNull(read.fault());
                assertEquals(written, read.entries());
            }
        }
    }

    @Test
    void rawLogsAreReadVerbatim() throws Exception {
        List<EntryRecord> written = Logs.mixed(20_000);
        Logs.Outcome read = Logs.read(Logs.raw(written), Logs.PARALLEL);
        assertNull(read.fault());
        assertEquals(written, read.entries());
        assertEquals(List.of(), Logs.read(new byte[0], Logs.PARALLEL).entries());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096})
    void streamsThatReturnFewBytesPerReadWorkLikeFiles(int step) throws Exception {
        List<EntryRecord> written = Logs.mixed(step == 1 ? 3_000 : 20_000);
        for (Compression c : Compression.values()) {
            byte[] log = Logs.write(written, c, WriterOptions.DEFAULT.withMemberPayload(1000));
            for (ReaderOptions o : BOTH) {
                Logs.Outcome read = Logs.read(Logs.trickle(log, step), o);
                assertNull(read.fault(), c + " " + o);
                assertEquals(written, read.entries(), c + " " + o);
            }
        }
    }

    @Test
    void parallelInflationOfManyTinyMembersKeepsOrder() throws Exception {
        List<EntryRecord> written = Logs.mixed(40_000);
        // 124-byte members: one or two entries each, thousands of members per block
        byte[] log = Logs.write(written, Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(124));
        for (int threads : new int[] {2, 3, 5}) {
            Logs.Outcome read = Logs.read(log, ReaderOptions.STRICT.withInflateThreads(threads));
            assertNull(read.fault());
            assertEquals(written, read.entries());
        }
    }

    @Test
    void theReaderInflatesItselfWhenNoWorkerGetsToRun() throws Exception {
        // Workers that never finish stand for inflate threads the OS does not schedule: the reader must not wait.
        List<EntryRecord> written = Logs.mixed(60_000);
        byte[] log = Logs.write(written, Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(3000));
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        WorkerPool<Block> stuck = new WorkerPool<>(2, "stuck", () -> new WorkerPool.Worker<Block>() {
            @Override
            public void process(Block b) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void end() {
            }
        });
        ChunkSource source = new PipelinedSource(new GzipProducer(new InputBuffer(new ByteArrayInputStream(log), 1 << 18),
                stuck), 6, "stuck");
        List<EntryRecord> read = new ArrayList<>();
        try (LogReader r = LogReader.of(source, "stuck", ReaderOptions.STRICT)) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
                while (r.next()) {
                    read.add(r.entry().toRecord());
                }
            });
        }
        assertEquals(written, read);
    }

    @Test
    void foreignGzipAfterBgzfFallsBackToSequential() throws Exception {
        assumeTrue(haveCommand("gzip"), "gzip not installed");
        List<EntryRecord> a = Logs.mixed(25_000);
        List<EntryRecord> b = Logs.mixed(9_000);
        Files.write(tmp.resolve("b"), Logs.raw(b));
        assertEquals(0, run(tmp, "gzip", "-n", "b"));
        byte[] cat = Logs.concat(Logs.write(a, Compression.BGZF), Files.readAllBytes(tmp.resolve("b.gz")),
                Logs.write(a, Compression.BGZF));
        List<EntryRecord> expected = new ArrayList<>(a);
        expected.addAll(b);
        expected.addAll(a);
        Logs.Outcome read = Logs.read(cat, Logs.PARALLEL);
        assertNull(read.fault());
        assertEquals(expected, read.entries());
    }

    @Test
    void bgzfMembersInflatingBeyondOneMebibyteAreReadSequentially() throws Exception {
        // Another BGZF writer may pack more than our 64 KiB into a member when the data compresses well.
        List<EntryRecord> same = java.util.Collections.nCopies(40_000, Logs.mixed(1).get(0)); // 2.16 MB
        byte[] payload = Logs.raw(same);
        byte[] member = new byte[BgzfMemberEncoder.MAX_MEMBER];
        BgzfMemberEncoder encoder = new BgzfMemberEncoder(6);
        int size = encoder.encode(payload, 0, payload.length, member, 0);
        encoder.end();
        List<EntryRecord> tail = Logs.mixed(2_000);
        byte[] log = Logs.concat(Logs.write(tail, Compression.BGZF), java.util.Arrays.copyOf(member, size),
                Logs.write(tail, Compression.BGZF));
        List<EntryRecord> expected = new ArrayList<>(tail);
        expected.addAll(same);
        expected.addAll(tail);
        for (ReaderOptions o : BOTH) {
            Logs.Outcome read = Logs.read(log, o);
            assertNull(read.fault());
            assertEquals(expected, read.entries());
        }
    }

    @Test
    void closingBeforeTheEndStopsEveryBackgroundThread() throws Exception {
        // far more than the read-ahead pipeline holds, so its threads are still at work after 10 entries
        byte[] log = Logs.write(Logs.mixed(600_000), Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(2000));
        for (ReaderOptions o : BOTH) {
            try (LogReader r = LogReader.open(new ByteArrayInputStream(log), "early", o)) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(r.next());
                }
                assertTrue(readerThreads() > 0, "the reader runs ahead on background threads");
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L; // a loaded machine may take a while to schedule them
        while (readerThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, readerThreads());
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mtrace") && t.getName().contains("early")).count();
    }

    @Test
    void missingFileAndDirectoryGiveOneClearError() throws Exception {
        LogFormatException e = org.junit.jupiter.api.Assertions.assertThrows(LogFormatException.class,
                () -> LogReader.open(tmp.resolve("nope.gz")));
        assertEquals(Problem.IO_ERROR, e.problem());
        assertTrue(e.getMessage().startsWith(tmp.resolve("nope.gz") + ": "));
        assertEquals(Problem.IO_ERROR, org.junit.jupiter.api.Assertions.assertThrows(LogFormatException.class,
                () -> LogReader.open(tmp)).problem());
    }
}
