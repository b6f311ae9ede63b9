package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.LabelView;

/** Immutable label entry; numeric fields keep the logged value even where the format defines no name for it. */
public record LabelRecord(Header header, long hostAddr, long labelType, String str, long guestAddr, long bytes, long pc) implements EntryRecord {

    static LabelRecord decode(Entry entry) {
        LabelView v = entry.asLabel();
        return new LabelRecord(Header.of(entry), v.hostAddr(), v.labelType(), v.str(), v.guestAddr(), v.bytes(), v.pc());
    }

    @Override
    public EntryType type() {
        return EntryType.LABEL;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + LabelView.HOST_ADDR, hostAddr);
        Bytes.put32(b, p + LabelView.LABEL_TYPE, labelType);
        Bytes.putString(b, p + LabelView.STR, str, true);
        Bytes.put64(b, p + LabelView.GUEST_ADDR, guestAddr);
        Bytes.put64(b, p + LabelView.BYTES, bytes);
        Bytes.put64(b, p + LabelView.PC, pc);
    }
}
