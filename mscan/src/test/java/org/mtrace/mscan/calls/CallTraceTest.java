package org.mtrace.mscan.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.TraceFault;

class CallTraceTest {
    private final CallTrace calls = new CallTrace(4);

    @Test
    void framesNewestFirstAndSnapshotsShared() {
        calls.onFcall(1, FcallState.START.code(), 0x77);
        assertNull(calls.current(1)); // no frames yet
        calls.onCall(1, 0xa0, 0xb0, 0);
        calls.onCall(1, 0xa1, 0xb1, 0);
        StackSnapshot s = calls.current(1);
        assertEquals(2, s.depth());
        assertEquals(0xa1, s.targetPc(0));
        assertEquals(0xb0, s.returnPc(1));
        assertSame(s, calls.current(1));
        calls.onCall(1, 0, 0, 1);
        StackSnapshot t = calls.current(1);
        assertEquals(1, t.depth());
        calls.onCall(1, 0xa1, 0xb1, 0);
        StackSnapshot u = calls.current(1);
        assertNotSame(t, u);
        assertSame(s, u); // interned: equal stacks share one instance
        calls.onCall(2, 0xa1, 0xb1, 0); // CPU 2 has no stack: ignored
        assertNull(calls.current(2));
    }

    @Test
    void pauseResumeDone() {
        calls.onFcall(0, FcallState.START.code(), 5);
        calls.onCall(0, 1, 2, 0);
        calls.onFcall(0, FcallState.PAUSE.code(), 5);
        assertNull(calls.current(0));
        calls.onFcall(3, FcallState.RESUME.code(), 5);
        assertEquals(1, calls.current(3).depth());
        calls.onFcall(3, FcallState.DONE_VALUE.code(), 999); // the current stack ends, not tag 999
        assertEquals(0, calls.currentTag(3));
        assertEquals("CallTrace::handle: missing call stack 0x5",
                assertThrows(TraceFault.class, () -> calls.onFcall(0, FcallState.RESUME.code(), 5)).getMessage());
    }

    @Test
    void inconsistentSequencesAreFaults() {
        calls.onFcall(0, FcallState.START.code(), 0xab);
        assertEquals("CallTrace::handle: found call stack 0xab",
                assertThrows(TraceFault.class, () -> calls.onFcall(1, FcallState.START.code(), 0xab)).getMessage());
        assertEquals("CallTrace::handle: no current CallStack",
                assertThrows(TraceFault.class, () -> calls.onFcall(2, FcallState.DONE.code(), 0)).getMessage());
        assertEquals("CallTrace::handle: missing call stack 0",
                assertThrows(TraceFault.class, () -> calls.onFcall(2, FcallState.RESUME.code(), 0)).getMessage());
        assertEquals("CallTrace::handle: default",
                assertThrows(TraceFault.class, () -> calls.onFcall(2, 9, 0)).getMessage());
    }
}
