package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.SchedView;

/**
 * A page-fault entry (docs/format-io.md "Page-fault entries"): a sched entry of
 * {@link SchedView#FAULT_SIZE} bytes carrying the recorder's fault or swap event. For tools and tests
 * that write logs; readers use {@link SchedView}. {@link EntryRecord#decode} gives this record for
 * the variant and a {@link SchedRecord} for a plain sched entry.
 */
public record FaultRecord(Header header, long tid, long tgid, long kind, long pc, long address, long vmaStart,
        long vmaEnd, long page, long flags, long result, long hash) implements EntryRecord {

    static FaultRecord decode(Entry entry) {
        SchedView v = entry.asSched();
        return new FaultRecord(Header.of(entry), v.tid(), v.faultTgid(), v.faultKind(), v.faultPc(), v.faultAddress(),
                v.faultVmaStart(), v.faultVmaEnd(), v.faultPage(), v.faultFlags(), v.faultResult(), v.faultHash());
    }

    @Override
    public EntryType type() {
        return EntryType.SCHED;
    }

    @Override
    public int size() {
        return SchedView.FAULT_SIZE;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + SchedView.TID, tid);
        Bytes.put32(b, p + SchedView.FAULT_MAGIC_OFFSET, SchedView.FAULT_MAGIC);
        Bytes.put32(b, p + SchedView.FAULT_KIND, kind);
        Bytes.put64(b, p + SchedView.FAULT_PC, pc);
        Bytes.put64(b, p + SchedView.FAULT_ADDRESS, address);
        Bytes.put64(b, p + SchedView.FAULT_PAGE, page);
        Bytes.put32(b, p + SchedView.FAULT_FLAGS, flags);
        Bytes.put32(b, p + SchedView.FAULT_RESULT, result);
        Bytes.put64(b, p + SchedView.FAULT_HASH, hash);
        Bytes.put64(b, p + SchedView.FAULT_TGID, tgid);
        Bytes.put64(b, p + SchedView.FAULT_VMA_START, vmaStart);
        Bytes.put64(b, p + SchedView.FAULT_VMA_END, vmaEnd);
    }
}
