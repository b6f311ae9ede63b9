package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.AppdataView;

/** Immutable appdata entry; numeric fields keep the logged value even where the format defines no name for it. */
public record AppdataRecord(Header header, int appdataType, long u64) implements EntryRecord {

    static AppdataRecord decode(Entry entry) {
        AppdataView v = entry.asAppdata();
        return new AppdataRecord(Header.of(entry), v.appdataType(), v.u64());
    }

    @Override
    public EntryType type() {
        return EntryType.APPDATA;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put16(b, p + AppdataView.APPDATA_TYPE, appdataType);
        Bytes.put64(b, p + AppdataView.U64, u64);
    }
}
