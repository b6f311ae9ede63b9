package org.mtrace.format;

/** View of a sched (type 9): the thread now running on the entry's CPU. Constants are byte offsets from the entry start. */
public final class SchedView extends TypedView {
    public static final int TID = 24;

    SchedView(Entry e) {
        super(e);
    }

    public long tid() {
        return e.u64(TID);
    }
}
