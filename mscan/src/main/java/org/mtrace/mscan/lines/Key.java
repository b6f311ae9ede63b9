package org.mtrace.mscan.lines;

/**
 * The coalescing keys of the line core: every transfer is counted once under each key, per line
 * and per (offset, size) of the access in it, so "transfers by X" is a key (perf c2c's idea), not
 * a new table. Values are small ids: a PC or a system call's entry PC interned by
 * {@link LineCore#pcs()}, a CPU number, an object id from the label maps (0 = unlabelled).
 */
public enum Key {
    /** Loads at this (offset, size); value 0. */
    READS,
    /** Stores at this (offset, size); value 0. */
    WRITES,
    /** The instruction (interned PC). */
    PC,
    /** The CPU. */
    CPU,
    /** The system call in progress (interned entry PC; id of PC 0 = none). */
    SYSCALL,
    /** The labelled object the address was in at the time (label-map object id; 0 = none). */
    OBJECT;

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
