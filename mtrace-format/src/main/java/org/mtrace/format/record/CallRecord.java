package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.CallView;

/** Immutable call entry; numeric fields keep the logged value even where the format defines no name for it. */
public record CallRecord(Header header, long targetPc, long returnPc, int ret) implements EntryRecord {

    static CallRecord decode(Entry entry) {
        CallView v = entry.asCall();
        return new CallRecord(Header.of(entry), v.targetPc(), v.returnPc(), v.ret());
    }

    @Override
    public EntryType type() {
        return EntryType.CALL;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + CallView.TARGET_PC, targetPc);
        Bytes.put64(b, p + CallView.RETURN_PC, returnPc);
        Bytes.put32(b, p + CallView.RET, ret);
    }
}
