package org.mtrace.format;

/** View of an avar (type 13): a read or write of an abstract variable. Constants are byte offsets from the entry start. */
public final class AvarView extends TypedView {
    public static final int FLAGS = 24;
    public static final int WRITE_BIT = 0;
    public static final int NAME = 25;

    AvarView(Entry e) {
        super(e);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean write() {
        return e.bit(FLAGS, WRITE_BIT);
    }

    public String name() {
        return e.string(NAME);
    }

    /** Appends name to {@code out} without creating a String. */
    public void appendName(StringBuilder out) {
        e.appendString(NAME, out);
    }
}
