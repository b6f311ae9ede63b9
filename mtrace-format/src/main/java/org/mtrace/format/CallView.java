package org.mtrace.format;

/** View of a call (type 6): one traced call or return instruction. Constants are byte offsets from the entry start. */
public final class CallView extends TypedView {
    public static final int TARGET_PC = 24;
    public static final int RETURN_PC = 32;
    public static final int RET = 40;

    CallView(Entry e) {
        super(e);
    }

    public long targetPc() {
        return e.u64(TARGET_PC);
    }

    public long returnPc() {
        return e.u64(RETURN_PC);
    }

    public int ret() {
        return e.i32(RET);
    }
}
