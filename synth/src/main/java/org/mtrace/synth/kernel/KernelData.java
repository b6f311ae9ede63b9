package org.mtrace.synth.kernel;

import java.util.List;

/**
 * Static variables of the scenario kernel, in its .data/.bss range
 * (0xffffffff81c00000 and up). Each hot one sits on its own cache line except
 * where the real kernel puts related variables together.
 */
public final class KernelData {
    /** Read by everyone, written by the timer tick on CPU 0: read-mostly. */
    public static final StaticVariable JIFFIES = new StaticVariable("jiffies", 0xffffffff81c0a000L, 8);
    /** The global open-file count: truly shared. */
    public static final StaticVariable NR_FILES = new StaticVariable("nr_files", 0xffffffff81c0b040L, 8);
    /** A global seqlock taken by rename: the lock line hands off between CPUs. */
    public static final StaticVariable RENAME_LOCK = new StaticVariable("rename_lock", 0xffffffff81c0c000L, 8);
    /** Written with jiffies by the timer on CPU 0; shares jiffies' line. */
    public static final StaticVariable JIFFIES_SEQ = new StaticVariable("jiffies_lock", 0xffffffff81c0a010L, 8);

    public static final List<StaticVariable> ALL = List.of(JIFFIES, JIFFIES_SEQ, NR_FILES, RENAME_LOCK);

    private KernelData() {
    }
}
