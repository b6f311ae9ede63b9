package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.io.Compression;
import org.mtrace.synth.recorder.TraceMode;

class DeterminismTest {
    private static final SynthConfig CONFIG = SynthConfig.builder().cpus(6).entries(40_000).seed(42)
            .mode(TraceMode.ASCOPE).calls(true).phases(2).build();

    @Test
    void sameSeedAndOptionsGiveByteIdenticalFiles(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        new Synthesizer(CONFIG).write(a);
        new Synthesizer(CONFIG).write(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void theFileIsTheGeneratedStreamInTheChosenContainer() throws Exception {
        byte[] raw = bytes(CONFIG.toBuilder().compression(Compression.RAW).build());
        byte[] bgzf = bytes(CONFIG);
        byte[] unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bgzf)).readAllBytes();
        assertArrayEquals(raw, unzipped);
    }

    @Test
    void anotherSeedGivesAnotherLogOfTheSameLength() throws Exception {
        byte[] one = bytes(CONFIG.toBuilder().compression(Compression.RAW).build());
        byte[] two = bytes(CONFIG.toBuilder().compression(Compression.RAW).seed(43).build());
        assertFalse(Arrays.equals(one, two));
        assertEquals(40_000, GeneratedLog.read(two).size());
    }

    @Test
    void progressIsReportedInIncreasingStepsEndingAtTheTotal() throws Exception {
        java.util.List<Long> seen = new java.util.ArrayList<>();
        SynthConfig c = CONFIG.toBuilder().entries(3_000_000).mode(TraceMode.ALL).compression(Compression.RAW)
                .build();
        new Synthesizer(c).onProgress(seen::add).generate((b, n) -> { });
        assertEquals(3_000_000L, seen.get(seen.size() - 1));
        assertTrue(seen.size() >= 3, "one report per 2^20 entries and a final one: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1));
        }
    }

    private static byte[] bytes(SynthConfig c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Synthesizer(c).write(out);
        return out.toByteArray();
    }
}
