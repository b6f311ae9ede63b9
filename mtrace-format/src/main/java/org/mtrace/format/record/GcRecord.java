package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.GcView;

/** Immutable gc entry; numeric fields keep the logged value even where the format defines no name for it. */
public record GcRecord(Header header, long base, long nbytes, String name, boolean gc) implements EntryRecord {

    static GcRecord decode(Entry entry) {
        GcView v = entry.asGc();
        return new GcRecord(Header.of(entry), v.base(), v.nbytes(), v.name(), v.gc());
    }

    @Override
    public EntryType type() {
        return EntryType.GC;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + GcView.BASE, base);
        Bytes.put64(b, p + GcView.NBYTES, nbytes);
        Bytes.putString(b, p + GcView.NAME, name, false);
        if (gc) {
            b[p + GcView.FLAGS] |= (byte) (1 << GcView.GC_BIT);
        }
    }
}
