package org.mtrace.analyses.syscalls;

import org.eclipse.collections.impl.list.mutable.primitive.ByteArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/** Accesses stored column-wise in primitive lists (no object per access). */
final class AccessColumns {
    static final byte TRAFFIC = 1;
    static final byte LOCK = 2;
    static final byte LOAD = 4;

    final LongArrayList pcs = new LongArrayList();
    final LongArrayList guestAddrs = new LongArrayList();
    final ByteArrayList flags = new ByteArrayList();

    void add(long pc, long guestAddr, byte flag) {
        pcs.add(pc);
        guestAddrs.add(guestAddr);
        flags.add(flag);
    }

    int size() {
        return pcs.size();
    }
}
