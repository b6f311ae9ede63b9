package org.mtrace.format;

/** View of a segment (type 5): one CPU's per-CPU data area. Constants are byte offsets from the entry start. */
public final class SegmentView extends TypedView {
    public static final int BASE_ADDR = 24;
    public static final int END_ADDR = 32;
    public static final int SEGMENT_CPU = 40;
    public static final int OBJECT_TYPE = 42;

    SegmentView(Entry e) {
        super(e);
    }

    public long baseAddr() {
        return e.u64(BASE_ADDR);
    }

    public long endAddr() {
        return e.u64(END_ADDR);
    }

    public int segmentCpu() {
        return e.u16(SEGMENT_CPU);
    }

    public long objectType() {
        return e.u32(OBJECT_TYPE);
    }
}
