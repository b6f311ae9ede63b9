package org.mtrace.format;

/** View of a lock (type 7): a lock operation. Constants are byte offsets from the entry start. */
public final class LockView extends TypedView {
    public static final int PC = 24;
    public static final int LOCK = 32;
    public static final int STR = 40;
    public static final int OP = 104;
    public static final int READ = 108;

    LockView(Entry e) {
        super(e);
    }

    public long pc() {
        return e.u64(PC);
    }

    public long lock() {
        return e.u64(LOCK);
    }

    public String str() {
        return e.string(STR);
    }

    /** Appends str to {@code out} without creating a String. */
    public void appendStr(StringBuilder out) {
        e.appendString(STR, out);
    }

    public long op() {
        return e.u32(OP);
    }

    public int read() {
        return e.u8(READ);
    }
}
