package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.LockView;

/** Immutable lock entry; numeric fields keep the logged value even where the format defines no name for it. */
public record LockRecord(Header header, long pc, long lock, String str, long op, int read) implements EntryRecord {

    static LockRecord decode(Entry entry) {
        LockView v = entry.asLock();
        return new LockRecord(Header.of(entry), v.pc(), v.lock(), v.str(), v.op(), v.read());
    }

    @Override
    public EntryType type() {
        return EntryType.LOCK;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + LockView.PC, pc);
        Bytes.put64(b, p + LockView.LOCK, lock);
        Bytes.putString(b, p + LockView.STR, str, true);
        Bytes.put32(b, p + LockView.OP, op);
        Bytes.put8(b, p + LockView.READ, read);
    }
}
