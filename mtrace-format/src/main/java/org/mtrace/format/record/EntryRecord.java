package org.mtrace.format.record;

import java.util.Arrays;
import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;

/**
 * An immutable log entry, one record type per kind: the easy API for tests,
 * tools and small logs. {@link #encode} writes the exact byte layout of
 * FORMAT.md with zeros in every undefined bit and byte, so
 * {@code decode(encode(r)).equals(r)}.
 */
public sealed interface EntryRecord permits LabelRecord, AccessRecord, HostRecord, FcallRecord, SegmentRecord,
        CallRecord, LockRecord, TaskRecord, SchedRecord, MachineRecord, AppdataRecord, AscopeRecord, AvarRecord,
        GcRecord, GcepochRecord, FaultRecord {

    EntryType type();

    Header header();

    /** Writes the type-specific fields; the area {@code [p+24, p+size)} is already zeroed. */
    void encodeBody(byte[] b, int p);

    /** Size of the encoded entry (the type's layout size). */
    default int size() {
        return type().layoutSize();
    }

    /** Writes the whole entry (header and body) at {@code p}; needs {@link #size()} bytes. */
    default void encode(byte[] b, int p) {
        int size = size();
        Arrays.fill(b, p, p + size, (byte) 0);
        Bytes.put32(b, p, type().code());
        Bytes.put16(b, p + 4, size);
        Bytes.put16(b, p + 6, header().cpu());
        Bytes.put64(b, p + 8, header().accessCount());
        Bytes.put64(b, p + 16, header().ts());
        encodeBody(b, p);
    }

    /** The encoded bytes of this entry. */
    default byte[] toBytes() {
        byte[] b = new byte[size()];
        encode(b, 0);
        return b;
    }

    /** Copies the entry a reader's view currently shows. */
    static EntryRecord decode(Entry e) {
        EntryType t = e.type();
        if (t == null) {
            throw new IllegalStateException("entry " + e.index() + " has unknown type " + e.typeCode());
        }
        return switch (t) {
            case LABEL -> LabelRecord.decode(e);
            case ACCESS -> AccessRecord.decode(e);
            case HOST -> HostRecord.decode(e);
            case FCALL -> FcallRecord.decode(e);
            case SEGMENT -> SegmentRecord.decode(e);
            case CALL -> CallRecord.decode(e);
            case LOCK -> LockRecord.decode(e);
            case TASK -> TaskRecord.decode(e);
            case SCHED -> e.asSched().isPageFault() ? FaultRecord.decode(e) : SchedRecord.decode(e);
            case MACHINE -> MachineRecord.decode(e);
            case APPDATA -> AppdataRecord.decode(e);
            case ASCOPE -> AscopeRecord.decode(e);
            case AVAR -> AvarRecord.decode(e);
            case GC -> GcRecord.decode(e);
            case GCEPOCH -> GcepochRecord.decode(e);
        };
    }
}
