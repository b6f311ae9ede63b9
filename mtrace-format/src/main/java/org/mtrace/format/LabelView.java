package org.mtrace.format;

/** View of a label (type 1): names a guest address range, or removes the name when bytes is 0. Constants are byte offsets from the entry start. */
public final class LabelView extends TypedView {
    public static final int HOST_ADDR = 24;
    public static final int LABEL_TYPE = 32;
    public static final int STR = 36;
    public static final int GUEST_ADDR = 100;
    public static final int BYTES = 108;
    public static final int PC = 116;

    LabelView(Entry e) {
        super(e);
    }

    public long hostAddr() {
        return e.u64(HOST_ADDR);
    }

    public long labelType() {
        return e.u32(LABEL_TYPE);
    }

    public String str() {
        return e.string(STR);
    }

    /** {@link #str()}, as one String per distinct name ({@link StringInterner}). */
    public String str(StringInterner names) {
        return e.string(STR, names);
    }

    /** Appends str to {@code out} without creating a String. */
    public void appendStr(StringBuilder out) {
        e.appendString(STR, out);
    }

    public long guestAddr() {
        return e.u64(GUEST_ADDR);
    }

    public long bytes() {
        return e.u64(BYTES);
    }

    public long pc() {
        return e.u64(PC);
    }
}
