package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.MachineView;

/** Immutable machine entry; numeric fields keep the logged value even where the format defines no name for it. */
public record MachineRecord(Header header, int numCpus, long numRam, long quantum, long sample, boolean locked, boolean calls) implements EntryRecord {

    static MachineRecord decode(Entry entry) {
        MachineView v = entry.asMachine();
        return new MachineRecord(Header.of(entry), v.numCpus(), v.numRam(), v.quantum(), v.sample(), v.locked(), v.calls());
    }

    @Override
    public EntryType type() {
        return EntryType.MACHINE;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put16(b, p + MachineView.NUM_CPUS, numCpus);
        Bytes.put64(b, p + MachineView.NUM_RAM, numRam);
        Bytes.put64(b, p + MachineView.QUANTUM, quantum);
        Bytes.put64(b, p + MachineView.SAMPLE, sample);
        if (locked) {
            b[p + MachineView.FLAGS] |= (byte) (1 << MachineView.LOCKED_BIT);
        }
        if (calls) {
            b[p + MachineView.FLAGS] |= (byte) (1 << MachineView.CALLS_BIT);
        }
    }
}
