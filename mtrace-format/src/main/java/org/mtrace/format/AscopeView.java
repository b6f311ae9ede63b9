package org.mtrace.format;

/** View of an ascope (type 12): entry to or exit from an abstract scope. Constants are byte offsets from the entry start. */
public final class AscopeView extends TypedView {
    public static final int FLAGS = 24;
    public static final int EXIT_BIT = 0;
    public static final int NAME = 25;

    AscopeView(Entry e) {
        super(e);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean exit() {
        return e.bit(FLAGS, EXIT_BIT);
    }

    public String name() {
        return e.string(NAME);
    }

    /** Appends name to {@code out} without creating a String. */
    public void appendName(StringBuilder out) {
        e.appendString(NAME, out);
    }
}
