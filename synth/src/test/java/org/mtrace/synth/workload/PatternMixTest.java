package org.mtrace.synth.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PatternMixTest {
    @Test
    void parsesWeightsAndDefaultsUnnamedToZero() {
        PatternMix m = PatternMix.parse(" percpu=3, lock-handoff ");
        assertEquals(3, m.weight(PatternKind.PERCPU));
        assertEquals(1, m.weight(PatternKind.LOCK_HANDOFF));
        assertEquals(0, m.weight(PatternKind.TRUE_SHARING));
        assertEquals("percpu=3,lock-handoff=1", m.toString());
        assertEquals(m, PatternMix.parse(m.toString()));
    }

    @Test
    void picksInProportionToTheWeights() {
        PatternMix m = PatternMix.parse("true-sharing=1,read-mostly=3");
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[PatternKind.values().length];
        for (int i = 0; i < 40_000; i++) {
            counts[m.pick(rng)]++;
        }
        assertEquals(0, counts[PatternKind.PERCPU.ordinal()]);
        int ts = counts[PatternKind.TRUE_SHARING.ordinal()];
        assertTrue(Math.abs(ts - 10_000) < 500, "about a quarter: " + ts);
        assertEquals(40_000, ts + counts[PatternKind.READ_MOSTLY.ordinal()]);
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternMix.parse("percpu=0"))
                .getMessage().contains("all be zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternMix.parse("percpu=1,percpu=2"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternMix.parse("percpu=-1"))
                .getMessage().contains("0..1000000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternMix.parse("cpu=1"))
                .getMessage().contains("known: true-sharing, false-sharing, percpu, read-mostly, lock-handoff"));
    }
}
