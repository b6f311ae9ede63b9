package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtrace.format.RecordMode;

/**
 * {@link FullTraceEvidence} on hand-made streams: the recorder's filter (64-byte lines; a load
 * moves a line unless its CPU holds it, a store unless its CPU holds it alone; entering movement
 * mode puts every line in every cache) replayed over a filtered stream keeps every access, over a
 * full trace drops most; a sampled log is never taken for a full trace.
 */
class FullTraceEvidenceTest {
    private static final long MOVEMENT = RecordMode.MOVEMENT.code();
    private static final long ASCOPE = RecordMode.ASCOPE.code();

    @Test
    void aFilteredStreamIsNotAFullTrace() {
        FullTraceEvidence e = new FullTraceEvidence();
        e.mode(0, MOVEMENT);
        for (int i = 0; i < 1000; i++) { // CPUs 0 and 1 take one line in turn: every store moves it
            e.access(MOVEMENT, 0x1000, 8, i % 2, true);
        }
        assertFalse(e.everyAccess(1));
    }

    @Test
    void aFullTraceIsOneUnlessSampled() {
        FullTraceEvidence e = new FullTraceEvidence();
        e.mode(0, MOVEMENT);
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // moves (every CPU held it)
        for (int i = 0; i < 3; i++) {
            e.access(MOVEMENT, 0x1008, 8, 0, true);   // the same 64-byte line, held alone: 3 of 4 move nothing
        }
        assertTrue(e.everyAccess(1));
        assertFalse(e.everyAccess(7));                // 1 in 7 kept: the filter misses the rest
    }

    @Test
    void onlyMovementModeCountsAndEnteringItResetsTheFilter() {
        FullTraceEvidence e = new FullTraceEvidence();
        e.mode(0, MOVEMENT);
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // moves: {0}
        e.access(ASCOPE, 0x1000, 8, 0, true);         // not movement mode: not counted
        e.access(ASCOPE, 0x1000, 8, 0, true);
        assertFalse(e.everyAccess(1));
        e.mode(MOVEMENT, ASCOPE);
        e.mode(ASCOPE, MOVEMENT);                     // every CPU holds every line again
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // moves again (without the reset it would not)
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // held alone: 1 of 3 moved nothing
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // 2 of 4: not more than half
        assertFalse(e.everyAccess(1));
        e.access(MOVEMENT, 0x1000, 8, 0, true);       // 3 of 5
        assertTrue(e.everyAccess(1));
    }

    @Test
    void theWindowClosesAfterItsAccesses() {
        FullTraceEvidence e = new FullTraceEvidence();
        e.mode(0, MOVEMENT);
        for (int i = 0; i < FullTraceEvidence.WINDOW; i++) {
            e.access(MOVEMENT, 0x1000 + 64L * (i % 2), 8, i % 2, false); // every CPU holds every line: none moves
            assertTrue(e.open() == (i + 1 < FullTraceEvidence.WINDOW));
        }
        assertTrue(e.everyAccess(1));
    }
}
