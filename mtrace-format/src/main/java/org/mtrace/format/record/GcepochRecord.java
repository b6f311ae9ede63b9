package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.GcepochView;

/** Immutable gcepoch entry; numeric fields keep the logged value even where the format defines no name for it. */
public record GcepochRecord(Header header, boolean begin) implements EntryRecord {

    static GcepochRecord decode(Entry entry) {
        GcepochView v = entry.asGcepoch();
        return new GcepochRecord(Header.of(entry), v.begin());
    }

    @Override
    public EntryType type() {
        return EntryType.GCEPOCH;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        if (begin) {
            b[p + GcepochView.FLAGS] |= (byte) (1 << GcepochView.BEGIN_BIT);
        }
    }
}
