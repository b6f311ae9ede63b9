package org.mtrace.format;

/** View of a fcall (type 4): start, pause, resume or end of a logical call stack. Constants are byte offsets from the entry start. */
public final class FcallView extends TypedView {
    public static final int TID = 24;
    public static final int PC = 32;
    public static final int TAG = 40;
    public static final int DEPTH = 48;
    public static final int STATE = 50;

    FcallView(Entry e) {
        super(e);
    }

    public long tid() {
        return e.u64(TID);
    }

    public long pc() {
        return e.u64(PC);
    }

    public long tag() {
        return e.u64(TAG);
    }

    public int depth() {
        return e.u16(DEPTH);
    }

    public long state() {
        return e.u32(STATE);
    }
}
