package org.mtrace.format;

/** View of a host (type 3): a guest command to the recorder; the union at 36 depends on hostType. Constants are byte offsets from the entry start. */
public final class HostView extends TypedView {
    public static final int HOST_TYPE = 24;
    public static final int GLOBAL_TS = 28;
    public static final int MODE = 36;
    public static final int ACCESS_STR = 40;
    public static final int CALL_CPU = 36;

    HostView(Entry e) {
        super(e);
    }

    public long hostType() {
        return e.u32(HOST_TYPE);
    }

    public long globalTs() {
        return e.u64(GLOBAL_TS);
    }

    public long mode() {
        return e.u32(MODE);
    }

    public String accessStr() {
        return e.string(ACCESS_STR);
    }

    /** Appends accessStr to {@code out} without creating a String. */
    public void appendAccessStr(StringBuilder out) {
        e.appendString(ACCESS_STR, out);
    }

    public long callCpu() {
        return e.u64(CALL_CPU);
    }
}
