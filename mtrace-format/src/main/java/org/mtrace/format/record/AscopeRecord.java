package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.AscopeView;

/** Immutable ascope entry; numeric fields keep the logged value even where the format defines no name for it. */
public record AscopeRecord(Header header, boolean exit, String name) implements EntryRecord {

    static AscopeRecord decode(Entry entry) {
        AscopeView v = entry.asAscope();
        return new AscopeRecord(Header.of(entry), v.exit(), v.name());
    }

    @Override
    public EntryType type() {
        return EntryType.ASCOPE;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        if (exit) {
            b[p + AscopeView.FLAGS] |= (byte) (1 << AscopeView.EXIT_BIT);
        }
        Bytes.putString(b, p + AscopeView.NAME, name, false);
    }
}
