package org.mtrace.format;

/** View of a gcepoch (type 15): entry to or exit from an RCU read-side epoch. Constants are byte offsets from the entry start. */
public final class GcepochView extends TypedView {
    public static final int FLAGS = 24;
    public static final int BEGIN_BIT = 0;

    GcepochView(Entry e) {
        super(e);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean begin() {
        return e.bit(FLAGS, BEGIN_BIT);
    }
}
