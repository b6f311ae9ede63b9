package org.mtrace.mscan.engine;

import java.util.EnumSet;
import java.util.Set;
import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;

/**
 * What an analysis needs from its inputs to say anything: a kernel image, recording in one of some
 * record modes, entries of some types. Without this an analysis given the wrong kind of recording
 * prints an empty (or meaningless) result with exit status 0, e.g. all-sharing on a movement log.
 * The pass checks the kernel image before reading ({@link Pass#unmetBeforeReading()}) and the rest
 * from what the log turned out to hold ({@link RequirementCheck}), which only the end of the pass
 * knows.
 *
 * @param modes       recording must have been enabled (by an access_all_cpu host entry) in one of
 *                    these modes; empty = no condition
 * @param entries     the log must hold at least one entry of each of these types
 * @param kernelImage the run must have a kernel image (new style: {@code --kernel=ELF})
 * @param filtered    the movement-mode accesses must be those the recorder's movement filter kept,
 *                    not a full trace ({@link TraceState#fullTrace})
 * @param severalCpus the machine must have two CPUs or more (a line cannot move between the CPUs
 *                    of a one-CPU machine: sharing analyses would print an empty result)
 * @param hint        what to do instead, appended to the message (may be empty)
 */
public record Requirements(Set<RecordMode> modes, Set<EntryType> entries, boolean kernelImage, boolean filtered,
        boolean severalCpus, String hint) {
    /** No condition. */
    public static final Requirements NONE = new Requirements(Set.of(), Set.of(), false, false, false, "");

    public Requirements {
        modes = modes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modes));
        entries = entries.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(entries));
    }

    /**
     * Recording enabled in one of {@code modes}; none given = in any mode (movement, ascope or
     * kernelscope), for analyses that look at accesses "while recording is enabled".
     */
    public static Requirements recording(RecordMode... modes) {
        Set<RecordMode> set = modes.length == 0 ? EnumSet.of(RecordMode.MOVEMENT, RecordMode.ASCOPE, RecordMode.KERNELSCOPE)
                : EnumSet.of(modes[0], modes);
        return new Requirements(set, Set.of(), false, false, false, "");
    }

    /** The same, and the log must also hold entries of these types. */
    public Requirements andEntries(EntryType... types) {
        EnumSet<EntryType> set = EnumSet.noneOf(EntryType.class);
        set.addAll(entries);
        set.addAll(Set.of(types));
        return new Requirements(modes, set, kernelImage, filtered, severalCpus, hint);
    }

    /** The same, and a kernel image. */
    public Requirements andKernelImage() {
        return new Requirements(modes, entries, true, filtered, severalCpus, hint);
    }

    /** The same, and a log the recorder's movement filter wrote, not a full trace. */
    public Requirements andFiltered() {
        return new Requirements(modes, entries, kernelImage, true, severalCpus, hint);
    }

    /** The same, and a machine of two CPUs or more (a log without a machine entry is not refused). */
    public Requirements andSeveralCpus() {
        return new Requirements(modes, entries, kernelImage, filtered, true, hint);
    }

    /** The same with advice for the user when a requirement is not met. */
    public Requirements withHint(String advice) {
        return new Requirements(modes, entries, kernelImage, filtered, severalCpus, advice);
    }
}
