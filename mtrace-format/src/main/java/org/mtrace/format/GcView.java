package org.mtrace.format;

/** View of a gc (type 14): RCU-style object registration or deferred free. Constants are byte offsets from the entry start. */
public final class GcView extends TypedView {
    public static final int BASE = 24;
    public static final int NBYTES = 32;
    public static final int NAME = 40;
    public static final int FLAGS = 104;
    public static final int GC_BIT = 0;

    GcView(Entry e) {
        super(e);
    }

    public long base() {
        return e.u64(BASE);
    }

    public long nbytes() {
        return e.u64(NBYTES);
    }

    public String name() {
        return e.string(NAME);
    }

    /** Appends name to {@code out} without creating a String. */
    public void appendName(StringBuilder out) {
        e.appendString(NAME, out);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean gc() {
        return e.bit(FLAGS, GC_BIT);
    }
}
