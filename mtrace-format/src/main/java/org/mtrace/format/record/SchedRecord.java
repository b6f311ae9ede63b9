package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.SchedView;

/** Immutable sched entry; numeric fields keep the logged value even where the format defines no name for it. */
public record SchedRecord(Header header, long tid) implements EntryRecord {

    static SchedRecord decode(Entry entry) {
        SchedView v = entry.asSched();
        return new SchedRecord(Header.of(entry), v.tid());
    }

    @Override
    public EntryType type() {
        return EntryType.SCHED;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + SchedView.TID, tid);
    }
}
