package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mtrace.format.EntryType;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.format.record.SegmentRecord;
import org.mtrace.synth.recorder.TraceMode;

/** Machines at both ends of the CPU range. */
class MachineSizeTest {
    @Test
    void oneCpuMovesNoLinesSoMovementModeLogsNoAccess() throws Exception {
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(1).entries(5_000).build());
        assertEquals(5_000, log.entries.size());
        assertEquals(0, log.stats.count(EntryType.ACCESS));
        assertTrue(log.stats.enabledAccesses() > 5_000);
    }

    @Test
    void lockedAndSampledRecordingIsDeclaredAndVisible() throws Exception {
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(4).entries(30_000).locked(true).sample(3)
                .mix(org.mtrace.synth.workload.PatternMix.parse("true-sharing=1")).build());
        MachineRecord m = log.all(MachineRecord.class).get(0);
        assertTrue(m.locked());
        assertEquals(3, m.sample());
        long lockedWithoutTraffic = log.all(AccessRecord.class).stream().filter(a -> a.lock() && !a.traffic())
                .count();
        assertTrue(lockedWithoutTraffic > 100, "atomic updates of cached lines are logged for their lock prefix");
        assertTrue(log.all(AccessRecord.class).stream().noneMatch(a -> !a.lock() && !a.traffic()));
    }

    @Test
    void seventyCpusAllRunAndTheFilterTracksCpusPastSixtyFour() throws Exception {
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(70).entries(80_000).seed(5)
                .mode(TraceMode.MOVEMENT).build());
        assertEquals(80_000, log.entries.size());
        assertEquals(70, log.all(MachineRecord.class).size());
        assertEquals(70, log.all(SegmentRecord.class).size());
        Set<Integer> cpus = new TreeSet<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            cpus.add(a.header().cpu());
        }
        assertEquals(70, cpus.size(), "every CPU, including 64..69, logs traffic");
    }
}
