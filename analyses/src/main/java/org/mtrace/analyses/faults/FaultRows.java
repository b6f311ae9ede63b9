package org.mtrace.analyses.faults;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.mtrace.format.SchedView;

/**
 * The page-fault entries of a log, one row each, in log order, kept in primitive columns (growing
 * arrays: nothing is allocated per entry).
 */
final class FaultRows {
    final LongArrayList pc = new LongArrayList();
    final LongArrayList address = new LongArrayList();
    final LongArrayList vmaStart = new LongArrayList();
    final LongArrayList vmaEnd = new LongArrayList();
    final IntArrayList kind = new IntArrayList();
    final IntArrayList cpu = new IntArrayList();
    final LongArrayList pid = new LongArrayList();
    final LongArrayList tgid = new LongArrayList();
    final LongArrayList time = new LongArrayList();
    final LongArrayList result = new LongArrayList();
    final LongArrayList entryIndex = new LongArrayList();

    void add(SchedView s, long index) {
        pc.add(s.faultPc());
        address.add(s.faultAddress());
        vmaStart.add(s.faultVmaStart());
        vmaEnd.add(s.faultVmaEnd());
        kind.add((int) Math.min(s.faultKind(), Integer.MAX_VALUE));
        cpu.add(s.cpu());
        pid.add(s.tid());
        tgid.add(s.faultTgid());
        time.add(s.ts());
        result.add(s.faultResult());
        entryIndex.add(index);
    }

    int size() {
        return kind.size();
    }
}
