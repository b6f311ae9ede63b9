package org.mtrace.synth.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.format.Bytes;
import org.mtrace.format.FcallState;
import org.mtrace.format.RecordMode;
import org.mtrace.synth.encode.EntryEncoder;
import org.mtrace.synth.encode.FixedString;

/** The emulator model on tiny hand-worked scenarios: what is logged, with which access_count. */
class RecorderTest {
    private static final long X = 0xffff880000100000L;
    private static final long Y = X + 64;
    private static final FixedString NAME = FixedString.terminated("t");
    private static final long PC = 0xffffffff81000000L;

    /** "type cpu access_count" of every logged entry, plus "@addr" for accesses. */
    private final List<String> log = new ArrayList<>();
    private final EntryEncoder encoder = new EntryEncoder((b, n) -> {
        String s = Bytes.u32(b, 0) + " " + Bytes.u16(b, 6) + " " + Bytes.u64(b, 8);
        if (Bytes.u32(b, 0) == 2) {
            s += (Bytes.u32(b, 24) == 1 ? " ld@" : " st@") + Long.toHexString(Bytes.u64(b, 45) - X);
            s += (b[28] & 1) == 0 ? " notraffic" : "";
            s += (b[28] & 2) != 0 ? " lock" : "";
        }
        log.add(s);
    });

    @Test
    void movementModeLogsOnlyLineMovementButCountsEveryEnabledAccess() {
        Recorder r = new Recorder(encoder, 2, EmulatorOptions.of(TraceMode.MOVEMENT));
        r.load(0, PC, X, 8); // disabled: neither counted nor logged
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME); // host, count 0
        r.load(0, PC, X, 8); // #0 dropped: reset state holds X everywhere
        r.store(0, PC, X, 8); // #1 logged: {0,1} -> {0}
        r.store(0, PC, X + 8, 8); // #2 dropped: same line, exclusive
        r.load(1, PC, X, 8); // #3 logged: CPU 1 lost it
        r.load(0, PC, Y, 8); // #4 dropped
        r.store(1, PC, X, 8); // #5 logged: {0,1} -> {1}
        r.sched(1, 5); // carries 6
        r.setRecordMode(0, RecordMode.DISABLE, NAME); // carries 6
        r.store(0, PC, X, 8); // disabled
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME); // disable -> movement resets
        r.load(0, PC, X, 8); // #6 dropped after the reset
        r.store(1, PC, X, 8); // #7 logged: reset state is shared by both
        assertEquals(List.of("3 0 0", "2 0 1 st@0", "2 1 3 ld@0", "2 1 5 st@0", "9 1 6", "3 0 6", "3 0 6",
                "2 1 7 st@0"), log);
    }

    @Test
    void lockTracingLogsLockPrefixedAccessesThatMoveNoLine() {
        Recorder r = new Recorder(encoder, 2, new EmulatorOptions(TraceMode.MOVEMENT, true, 1));
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME);
        r.atomicUpdate(0, PC, X, 8); // #0 ld held (reset) but locked; #1 st {0,1} -> {0}
        r.atomicUpdate(0, PC, X, 8); // #2, #3 no movement, locked
        r.store(0, PC, X, 8); // #4 dropped: not locked
        r.load(1, PC, X, 8); // #5 moves
        assertEquals(List.of("3 0 0", "2 0 0 ld@0 notraffic lock", "2 0 1 st@0 lock", "2 0 2 ld@0 notraffic lock",
                "2 0 3 st@0 notraffic lock", "2 1 5 ld@0"), log);
    }

    @Test
    void withoutLockTracingAtomicsAreOrdinaryAccesses() {
        Recorder r = new Recorder(encoder, 2, EmulatorOptions.of(TraceMode.MOVEMENT));
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME);
        r.atomicUpdate(0, PC, X, 8); // #0 dropped, #1 moves
        r.atomicUpdate(0, PC, X, 8); // #2, #3 dropped
        assertEquals(List.of("3 0 0", "2 0 1 st@0"), log);
    }

    @Test
    void samplingKeepsOneOfEveryNCandidatesAcrossCpus() {
        Recorder r = new Recorder(encoder, 2, new EmulatorOptions(TraceMode.KERNELSCOPE, false, 3));
        r.setRecordMode(0, RecordMode.KERNELSCOPE, NAME);
        for (int i = 0; i < 7; i++) {
            r.load(i % 2, PC, X + 8 * i, 8); // candidates #0..#6: 1st, 4th, 7th kept
        }
        assertEquals(List.of("3 0 0", "2 0 0 ld@0", "2 1 3 ld@18", "2 0 6 ld@30"), log);
    }

    @Test
    void movementToMovementDoesNotReset() {
        Recorder r = new Recorder(encoder, 2, EmulatorOptions.of(TraceMode.MOVEMENT));
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME);
        r.store(0, PC, X, 8); // #0 logged
        r.setRecordMode(0, RecordMode.MOVEMENT, NAME);
        r.store(0, PC, X, 8); // #1 dropped: still exclusive
        assertEquals(List.of("3 0 0", "2 0 0 st@0", "3 0 1"), log);
    }

    @Test
    void ascopeModeCountsOnlyAccessesInsideAScopeOfTheCurrentStack() {
        Recorder r = new Recorder(encoder, 1, EmulatorOptions.of(TraceMode.ASCOPE));
        r.setRecordMode(0, RecordMode.ASCOPE, NAME);
        r.load(0, PC, X, 8); // no stack: not enabled
        r.fcall(0, 1, PC, 0x10, 0, FcallState.START);
        r.load(0, PC, X, 8); // stack, depth 0: not enabled
        r.ascope(0, false, NAME);
        r.load(0, PC, X, 8); // #0 logged, traffic regardless of lines
        r.fcall(0, 1, PC, 0x10, 0, FcallState.PAUSE);
        r.load(0, PC, X, 8); // no current stack
        r.fcall(0, 1, PC, 0x10, 0, FcallState.RESUME);
        r.load(0, PC, X, 8); // #1 depth 1 again
        r.ascope(0, true, NAME);
        r.load(0, PC, X, 8); // depth 0
        assertEquals(List.of("3 0 0", "4 0 0", "12 0 0", "2 0 0 ld@0", "4 0 1", "4 0 1", "2 0 1 ld@0", "12 0 2"),
                log);
    }

    @Test
    void callEntriesNeedTheSwitchSetWhileRecording() {
        Recorder r = new Recorder(encoder, 1, EmulatorOptions.of(TraceMode.KERNELSCOPE));
        r.setCallTracing(0, true); // mode 0: switch stays off
        r.call(0, PC, PC + 5);
        r.setRecordMode(0, RecordMode.KERNELSCOPE, NAME);
        r.call(0, PC, PC + 5); // still off
        r.setCallTracing(0, true);
        r.call(0, PC, PC + 5);
        r.ret(0, PC + 5);
        assertEquals(List.of("3 0 0", "3 0 0", "3 0 0", "6 0 0", "6 0 0"), log);
    }
}
