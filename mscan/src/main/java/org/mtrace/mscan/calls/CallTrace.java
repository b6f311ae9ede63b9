package org.mtrace.mscan.calls;

import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.TraceFault;
import org.mtrace.mscan.util.LongMap;

/**
 * CallTrace of MSCAN.md §5.1 (always active): a registry tag → call stack, the current stack of
 * each CPU, frames from call/ret entries. Inconsistent fcall sequences are {@link TraceFault}s.
 */
public final class CallTrace implements CallStacks {
    /** Live stacks by tag; one insertion and removal per system call, hence no tombstone map. */
    private final LongMap<CallStack> byTag = new LongMap<>();
    /**
     * Stacks of finished calls, reused so that a system call allocates nothing once warm: a plain
     * array, as an {@code ArrayDeque}'s index wrapping, first taken well into a log, sent the
     * compiled label and call trackers back to the interpreter.
     */
    private final CallStack[] spare = new CallStack[MAX_SPARE];
    private int spares;
    private final CallStack[] current;
    private final SnapshotInterner interner = new SnapshotInterner();

    private static final int MAX_SPARE = 64;

    public CallTrace(int cpuSlots) {
        current = new CallStack[cpuSlots];
    }

    /** fcall entry. */
    public void onFcall(int cpu, long state, long tag) {
        if (state == FcallState.START.code()) {
            if (byTag.get(tag) != null) {
                throw new TraceFault("CallTrace::handle: found call stack " + hexTag(tag));
            }
            CallStack s = spares == 0 ? new CallStack() : spare[--spares];
            s.reset(tag);
            byTag.put(tag, s);
            setCurrent(cpu, s);
        } else if (state == FcallState.RESUME.code()) {
            CallStack s = byTag.get(tag);
            if (s == null) {
                throw new TraceFault("CallTrace::handle: missing call stack " + hexTag(tag));
            }
            setCurrent(cpu, s);
        } else if (state == FcallState.PAUSE.code()) {
            setCurrent(cpu, null);
        } else if (state == FcallState.DONE.code() || state == FcallState.DONE_VALUE.code()) {
            CallStack s = current[cpu];
            if (s == null) {
                throw new TraceFault("CallTrace::handle: no current CallStack");
            }
            byTag.remove(s.tag()); // the current stack's own tag, not the entry's (as the original)
            setCurrent(cpu, null);
            if (s.holders == 0 && spares < MAX_SPARE) { // no other CPU still runs on it
                spare[spares++] = s;
            }
        } else {
            throw new TraceFault("CallTrace::handle: default");
        }
    }

    private void setCurrent(int cpu, CallStack s) {
        CallStack old = current[cpu];
        if (old != null) {
            old.holders--;
        }
        if (s != null) {
            s.holders++;
        }
        current[cpu] = s;
    }

    /** call entry: ret ≠ 0 pops the newest frame, ret = 0 pushes one; ignored without a stack. */
    public void onCall(int cpu, long targetPc, long returnPc, int ret) {
        CallStack s = current[cpu];
        if (s == null) {
            return;
        }
        if (ret != 0) {
            s.pop();
        } else {
            s.push(targetPc, returnPc);
        }
    }

    /**
     * {@code current(cpu)} / {@code snapshot(cpu)}: the CPU's stack as an immutable interned
     * snapshot, or null if the CPU has no current stack or it has no frames. Repeated calls
     * without intervening call entries return the same instance without allocating.
     */
    public StackSnapshot current(int cpu) {
        CallStack s = current[cpu];
        return s == null || s.depth() == 0 ? null : s.snapshot(interner);
    }

    /** Tag of the CPU's current stack, or 0 if none. */
    public long currentTag(int cpu) {
        CallStack s = current[cpu];
        return s == null ? 0 : s.tag();
    }

    /** {@code <0xhex>} of the original's messages: 0x + lowercase hex, or {@code 0}. */
    public static String hexTag(long tag) {
        return tag == 0 ? "0" : "0x" + Long.toHexString(tag);
    }
}
