package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallView;

/** Immutable fcall entry; numeric fields keep the logged value even where the format defines no name for it. */
public record FcallRecord(Header header, long tid, long pc, long tag, int depth, long state) implements EntryRecord {

    static FcallRecord decode(Entry entry) {
        FcallView v = entry.asFcall();
        return new FcallRecord(Header.of(entry), v.tid(), v.pc(), v.tag(), v.depth(), v.state());
    }

    @Override
    public EntryType type() {
        return EntryType.FCALL;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + FcallView.TID, tid);
        Bytes.put64(b, p + FcallView.PC, pc);
        Bytes.put64(b, p + FcallView.TAG, tag);
        Bytes.put16(b, p + FcallView.DEPTH, depth);
        Bytes.put32(b, p + FcallView.STATE, state);
    }
}
