package org.mtrace.format;

/** View of a machine (type 10): emulator configuration, written at start-up. Constants are byte offsets from the entry start. */
public final class MachineView extends TypedView {
    public static final int NUM_CPUS = 24;
    public static final int NUM_RAM = 26;
    public static final int QUANTUM = 34;
    public static final int SAMPLE = 42;
    public static final int FLAGS = 50;
    public static final int LOCKED_BIT = 0;
    public static final int CALLS_BIT = 1;

    MachineView(Entry e) {
        super(e);
    }

    public int numCpus() {
        return e.u16(NUM_CPUS);
    }

    public long numRam() {
        return e.u64(NUM_RAM);
    }

    public long quantum() {
        return e.u64(QUANTUM);
    }

    public long sample() {
        return e.u64(SAMPLE);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean locked() {
        return e.bit(FLAGS, LOCKED_BIT);
    }

    public boolean calls() {
        return e.bit(FLAGS, CALLS_BIT);
    }
}
