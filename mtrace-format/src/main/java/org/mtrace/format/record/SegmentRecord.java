package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.SegmentView;

/** Immutable segment entry; numeric fields keep the logged value even where the format defines no name for it. */
public record SegmentRecord(Header header, long baseAddr, long endAddr, int segmentCpu, long objectType) implements EntryRecord {

    static SegmentRecord decode(Entry entry) {
        SegmentView v = entry.asSegment();
        return new SegmentRecord(Header.of(entry), v.baseAddr(), v.endAddr(), v.segmentCpu(), v.objectType());
    }

    @Override
    public EntryType type() {
        return EntryType.SEGMENT;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + SegmentView.BASE_ADDR, baseAddr);
        Bytes.put64(b, p + SegmentView.END_ADDR, endAddr);
        Bytes.put16(b, p + SegmentView.SEGMENT_CPU, segmentCpu);
        Bytes.put32(b, p + SegmentView.OBJECT_TYPE, objectType);
    }
}
