package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.AccessView;

/** Immutable access entry; numeric fields keep the logged value even where the format defines no name for it. */
public record AccessRecord(Header header, long accessType, boolean traffic, boolean lock, boolean deps, long pc, long hostAddr, long guestAddr, int bytes) implements EntryRecord {

    static AccessRecord decode(Entry entry) {
        AccessView v = entry.asAccess();
        return new AccessRecord(Header.of(entry), v.accessType(), v.traffic(), v.lock(), v.deps(), v.pc(), v.hostAddr(), v.guestAddr(), v.bytes());
    }

    @Override
    public EntryType type() {
        return EntryType.ACCESS;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put32(b, p + AccessView.ACCESS_TYPE, accessType);
        if (traffic) {
            b[p + AccessView.FLAGS] |= (byte) (1 << AccessView.TRAFFIC_BIT);
        }
        if (lock) {
            b[p + AccessView.FLAGS] |= (byte) (1 << AccessView.LOCK_BIT);
        }
        if (deps) {
            b[p + AccessView.FLAGS] |= (byte) (1 << AccessView.DEPS_BIT);
        }
        Bytes.put64(b, p + AccessView.PC, pc);
        Bytes.put64(b, p + AccessView.HOST_ADDR, hostAddr);
        Bytes.put64(b, p + AccessView.GUEST_ADDR, guestAddr);
        Bytes.put8(b, p + AccessView.BYTES, bytes);
    }
}
