package org.mtrace.bench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI-sized hostile-input campaign: a few hundred fixed cases, every rule must hold. */
class FuzzCampaignTest {
    private static final int CASES = 300;

    @TempDir
    Path dir;

    @Test
    void aFewHundredHostileInputsBreakNoRule() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        FuzzCampaign c = new FuzzCampaign(20240613L, dir, new PrintStream(report, true, StandardCharsets.UTF_8))
                .run(CASES, System.nanoTime() + 150_000_000_000L);
        assertEquals(List.of(), c.failures(), report.toString(StandardCharsets.UTF_8));
        assertEquals(CASES, c.cases(), "all cases ran within the time limit");
    }
}
