package org.mtrace.format;

/** View of a task (type 8): thread creation, update or exit. Constants are byte offsets from the entry start. */
public final class TaskView extends TypedView {
    public static final int TID = 24;
    public static final int TGID = 32;
    public static final int TASK_TYPE = 40;
    public static final int STR = 44;

    TaskView(Entry e) {
        super(e);
    }

    public long tid() {
        return e.u64(TID);
    }

    public long tgid() {
        return e.u64(TGID);
    }

    public long taskType() {
        return e.u32(TASK_TYPE);
    }

    public String str() {
        return e.string(STR);
    }

    /** Appends str to {@code out} without creating a String. */
    public void appendStr(StringBuilder out) {
        e.appendString(STR, out);
    }
}
