package org.mtrace.mscan.lines;

/**
 * The coalescing keys of the line core: every transfer is counted once under each key, per line
 * and per (offset, size) of the access in it, so "transfers by X" is a sum over a key's
 * components (perf c2c's idea), not a new table. Two composite keys rather than one per
 * dimension: each key costs a count ({@link KeyCounter}) per transfer.
 */
public enum Key {
    /**
     * Where the transfer came from: the instruction, the CPU and the kind of access; value
     * {@code pcId << 8 | cpu << 1 | store} (see {@link #site}).
     */
    SITE,
    /**
     * What it touched and during what: the labelled object and the system call in progress;
     * value {@code objectId << 14 | syscallId} (see {@link #data}).
     */
    DATA;

    static final int SYSCALL_BITS = 14;
    static final long MAX_OBJECTS = 1L << (40 - SYSCALL_BITS);
    static final int MAX_SYSCALLS = 1 << SYSCALL_BITS;

    static long site(int pcId, int cpu, boolean store) {
        return (long) pcId << 8 | cpu << 1 | (store ? 1 : 0);
    }

    /** The interned PC of a SITE value. */
    public static int pcId(long site) {
        return (int) (site >>> 8);
    }

    /** The CPU of a SITE value. */
    public static int cpu(long site) {
        return (int) (site >>> 1) & 0x7f;
    }

    /** Whether a SITE value is a store. */
    public static boolean store(long site) {
        return (site & 1) != 0;
    }

    static long data(long objectId, int syscallId) {
        return objectId << SYSCALL_BITS | syscallId;
    }

    /** The object of a DATA value (0: unlabelled). */
    public static long objectId(long data) {
        return data >>> SYSCALL_BITS;
    }

    /** The interned system-call entry PC of a DATA value (see {@link LineCore#syscalls()}). */
    public static int syscallId(long data) {
        return (int) (data & (MAX_SYSCALLS - 1));
    }

    static final Key[] ALL = values();
    static final int VALUE_BITS = 40;
    static final long VALUE_MASK = (1L << VALUE_BITS) - 1;
    static final int MAX_SIZE = 255;

    /** The packed second half of a key: key (4 bits), offset (12), size (8), value (40). */
    static long pack(Key k, int offset, int size, long value) {
        return (long) k.ordinal() << 60 | (long) offset << 48 | (long) Math.min(size, MAX_SIZE) << VALUE_BITS
                | (value & VALUE_MASK);
    }

    static Key keyOf(long packed) {
        return ALL[(int) (packed >>> 60)];
    }

    static int offsetOf(long packed) {
        return (int) (packed >>> 48) & 0xfff;
    }

    static int sizeOf(long packed) {
        return (int) (packed >>> VALUE_BITS) & 0xff;
    }

    static long valueOf(long packed) {
        return packed & VALUE_MASK;
    }
}
