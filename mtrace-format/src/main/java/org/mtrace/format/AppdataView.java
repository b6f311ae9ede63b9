package org.mtrace.format;

/** View of an appdata (type 11): an application-defined value. Constants are byte offsets from the entry start. */
public final class AppdataView extends TypedView {
    public static final int APPDATA_TYPE = 24;
    public static final int U64 = 26;

    AppdataView(Entry e) {
        super(e);
    }

    public int appdataType() {
        return e.u16(APPDATA_TYPE);
    }

    public long u64() {
        return e.u64(U64);
    }
}
