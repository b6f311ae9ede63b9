package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.AvarView;

/** Immutable avar entry; numeric fields keep the logged value even where the format defines no name for it. */
public record AvarRecord(Header header, boolean write, String name) implements EntryRecord {

    static AvarRecord decode(Entry entry) {
        AvarView v = entry.asAvar();
        return new AvarRecord(Header.of(entry), v.write(), v.name());
    }

    @Override
    public EntryType type() {
        return EntryType.AVAR;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        if (write) {
            b[p + AvarView.FLAGS] |= (byte) (1 << AvarView.WRITE_BIT);
        }
        Bytes.putString(b, p + AvarView.NAME, name, false);
    }
}
