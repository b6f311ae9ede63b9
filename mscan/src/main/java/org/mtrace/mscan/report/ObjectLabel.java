package org.mtrace.mscan.report;

import java.util.Arrays;

/**
 * A column of labels, one per access or transfer of a batch: the facts of the label that named
 * the object at its address when the access was read, which is what numbering the object on its
 * first transfer needs ({@link ObjectRegistry#register}).
 */
final class ObjectLabel {
    /** {@link #kind} of an access in no labelled object (or one the filters leave out). */
    static final int NONE = -1;

    final int[] kind;
    final long[] start;
    final String[] name;
    final int[] type;
    final long[] allocPc;
    /** The label's length in bytes. */
    final long[] bytes;
    /**
     * On a task's stack, who made the access ({@link #OWN_TASK}, {@link #OTHER_TASK},
     * {@link #EXITED_TASK}: another task on the stack of a task that has exited, {@link #UNKNOWN_TASK}:
     * no sched entry named the CPU's task yet); elsewhere {@link #NOT_A_STACK}.
     */
    final byte[] stackUse;

    static final byte NOT_A_STACK = 0;
    static final byte OWN_TASK = 1;
    static final byte OTHER_TASK = 2;
    static final byte UNKNOWN_TASK = 3;
    /**
     * Another task on the stack of a task whose exit a task entry logged: the kernel frees a stack
     * through RCU with the callback's head in the stack itself, keeps it for a new task and zeroes it
     * when fork takes it, in the parent, before the child runs and the recorder names the stack after
     * it (at {@code __switch_to}, docs/recorder.md).
     */
    static final byte EXITED_TASK = 4;
    /** The number of uses above ({@link #stackUse} values). */
    static final int STACK_USES = 5;

    /** A column of {@code capacity} entries, each {@link #NONE} until set. */
    ObjectLabel(int capacity) {
        kind = new int[capacity];
        Arrays.fill(kind, NONE);
        start = new long[capacity];
        name = new String[capacity];
        type = new int[capacity];
        allocPc = new long[capacity];
        bytes = new long[capacity];
        stackUse = new byte[capacity];
    }

    void none(int i) {
        kind[i] = NONE;
    }

    void set(int i, int kind, long start, String name, int type, long allocPc, long bytes) {
        this.kind[i] = kind;
        this.start[i] = start;
        this.name[i] = name;
        this.type[i] = type;
        this.allocPc[i] = allocPc;
        this.bytes[i] = bytes;
    }

    /** Copies entry {@code from} of {@code other} into entry {@code i}. */
    void copy(int i, ObjectLabel other, int from) {
        set(i, other.kind[from], other.start[from], other.name[from], other.type[from], other.allocPc[from],
                other.bytes[from]);
        stackUse[i] = other.stackUse[from];
    }

    /** Forgets the first {@code n} names (the label maps' strings: not kept alive by a batch). */
    void clear(int n) {
        Arrays.fill(name, 0, n, null);
    }
}
