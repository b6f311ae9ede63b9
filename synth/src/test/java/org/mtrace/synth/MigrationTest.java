package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.Compression;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.synth.recorder.TraceMode;

/**
 * Blocked system calls migrate between CPUs except in ascope mode, where commutativity test
 * cases pin each operation to its CPU (check-testcases counts system-call depth per CPU).
 */
class MigrationTest {

    /** Counts resumes on another CPU than the one the stack was paused on. */
    private static int[] resumes(TraceMode mode) throws Exception {
        SynthConfig c = SynthConfig.builder().cpus(8).entries(300_000).seed(5).mode(mode)
                .compression(Compression.RAW).build();
        GeneratedLog log = GeneratedLog.of(c);
        Map<Long, Integer> pausedOn = new HashMap<>();
        int resumed = 0;
        int migrated = 0;
        for (FcallRecord f : log.all(FcallRecord.class)) {
            if (f.state() == FcallState.PAUSE.code()) {
                pausedOn.put(f.tag(), f.header().cpu());
            } else if (f.state() == FcallState.RESUME.code() && pausedOn.containsKey(f.tag())) {
                resumed++;
                if (pausedOn.remove(f.tag()) != f.header().cpu()) {
                    migrated++;
                }
            }
        }
        return new int[] {resumed, migrated};
    }

    @Test
    void ascopeModeResumesEveryStackOnItsOwnCpu() throws Exception {
        int[] r = resumes(TraceMode.ASCOPE);
        assertTrue(r[0] > 100, "enough blocked and resumed calls to mean something: " + r[0]);
        assertEquals(0, r[1]);
    }

    @Test
    void movementModeLetsBlockedCallsMigrate() throws Exception {
        int[] r = resumes(TraceMode.MOVEMENT);
        assertTrue(r[1] > 0, "some of " + r[0] + " resumes happen on another CPU");
    }
}
