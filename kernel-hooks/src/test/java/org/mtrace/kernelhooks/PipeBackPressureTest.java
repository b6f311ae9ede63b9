package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.Entry;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;

/**
 * The recorder's log writer on a pipe whose reader starts late (what `mtrace-record -o - | slow reader`
 * does to the plugin): the writer blocks instead of dropping, the producer's wait is reported as
 * back-pressure, and the reader gets every entry in order.
 */
class PipeBackPressureTest {
    private static final int ENTRIES = 200_000; // about 10.8 MB: far more than the ring (8 blocks) plus the pipe
    private static final long READER_DELAY_MS = 1500;

    @TempDir
    Path tmp;

    @Test
    void aLateReaderStallsTheWriterAndLosesNothing() throws Exception {
        Path root = Commands.root();
        Path src = root.resolve("recorder/src");
        Path exe = tmp.resolve("pipe_writer");
        Commands.run(List.of("cc", "-O1", "-std=gnu11", "-I", src.toString(),
                root.resolve("kernel-hooks/src/test/c/pipe_writer.c").toString(),
                src.resolve("bgzf_writer.c").toString(), "-lz", "-lpthread", "-o", exe.toString()));
        Process p = new ProcessBuilder(exe.toString(), Integer.toString(ENTRIES)).start();
        Thread.sleep(READER_DELAY_MS);
        long next = 0;
        try (InputStream in = new BufferedInputStream(p.getInputStream());
                LogReader r = LogReader.open(in, "<pipe>", ReaderOptions.STRICT)) {
            while (r.next()) {
                Entry e = r.entry();
                assertEquals(next, e.accessCount(), "entries arrive complete and in order");
                next++;
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String[] times = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        assertEquals(0, p.exitValue());
        assertEquals(ENTRIES, next, "no entry was dropped");
        long stallNs = Long.parseLong(times[0]);
        long writeNs = Long.parseLong(times[1]);
        // the producer filled the pipe and the ring, then waited for the late reader most of the delay
        assertTrue(stallNs > (READER_DELAY_MS / 2) * 1_000_000L, "back-pressure stall " + stallNs + " ns");
        assertTrue(writeNs > (READER_DELAY_MS / 2) * 1_000_000L, "blocked in write " + writeNs + " ns");
    }
}
