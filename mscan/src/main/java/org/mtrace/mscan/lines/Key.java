package org.mtrace.mscan.lines;

/**
 * The coalescing key of the line core (perf c2c's idea): every transfer is counted once under
 * one key that holds all its dimensions, so "transfers by X" is a sum over the keys' X, not a new
 * table. The key is two longs:
 * <ul>
 * <li>the <em>place</em>: line id (32 bits) and context id (32 bits), where a context is one
 * (PC, system call, CPU, load or store), interned by the core ({@link LineCore#context}): a
 * kernel has tens of thousands of PCs but a recording only a few hundred thousand such tuples;</li>
 * <li>the <em>data</em>: offset in the line (12 bits), access size (8 bits, 255 and above kept as
 * 255) and the shape of the labelled object (44 bits, 0 unlabelled): what its label says (name,
 * label type, allocation site), which is all a description by type and field needs.</li>
 * </ul>
 * Why shapes and not objects: a line hosts many objects over a recording (slab slots and pages
 * reused by new allocations), and keys per object instance were three quarters of all keys (11.7 M
 * of 16.3 M on a 28.5 M-transfer recording of exim on Debian's 6.1 kernel). Each key keeps the
 * first object it saw ({@link KeyCounter}), for the addresses the report prints.
 * Why one key and not one per dimension (an earlier core counted a SITE key of PC, CPU and kind
 * and a DATA key of object and system call): each key costs an append per transfer and about 30
 * bytes per distinct value, and the one key has fewer distinct values than the two together
 * (2.5 M against 3.5 M on a 4.9 M-transfer recording of exim on Debian's 6.1 kernel), because a
 * PC mostly runs in few system calls and touches few objects of a line.
 */
public final class Key {
    private Key() {
    }

    static final int SYSCALL_BITS = 16;
    /** Distinct system-call entry points a context can name. */
    static final int MAX_SYSCALLS = 1 << SYSCALL_BITS;
    static final int SHAPE_BITS = 44;
    /** Object shapes a key can name (ids 1 up). */
    static final long MAX_SHAPES = 1L << SHAPE_BITS;
    static final int MAX_SIZE = 255;
    static final int MAX_OFFSET = 0xfff;

    // ---- the context: pcId (32) << 24 | syscallId (16) << 8 | cpu (7) << 1 | store --------------

    static long context(int pcId, int syscallId, int cpu, boolean store) {
        return (long) pcId << 24 | (long) syscallId << 8 | cpu << 1 | (store ? 1 : 0);
    }

    /** The interned PC of a context (see {@link LineCore#pcs()}). */
    public static int pcId(long context) {
        return (int) (context >>> 24);
    }

    /** The interned system-call entry PC of a context (see {@link LineCore#syscalls()}; id 0: none). */
    public static int syscallId(long context) {
        return (int) (context >>> 8) & (MAX_SYSCALLS - 1);
    }

    /** The CPU of a context. */
    public static int cpu(long context) {
        return (int) (context >>> 1) & 0x7f;
    }

    /** Whether a context is a store. */
    public static boolean store(long context) {
        return (context & 1) != 0;
    }

    // ---- the two longs of a key -------------------------------------------------------------------------

    static long place(int lineId, int contextId) {
        return (long) lineId << 32 | (contextId & 0xffff_ffffL);
    }

    static int lineOf(long place) {
        return (int) (place >>> 32);
    }

    static int contextOf(long place) {
        return (int) place;
    }

    static long data(int offset, int size, long shapeId) {
        return (long) offset << 52 | (long) Math.min(size, MAX_SIZE) << SHAPE_BITS | shapeId;
    }

    static int offsetOf(long data) {
        return (int) (data >>> 52);
    }

    static int sizeOf(long data) {
        return (int) (data >>> SHAPE_BITS) & MAX_SIZE;
    }

    static long shapeOf(long data) {
        return data & (MAX_SHAPES - 1);
    }
}
