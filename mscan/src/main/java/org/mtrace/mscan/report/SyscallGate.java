package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.collections.impl.map.mutable.primitive.LongByteHashMap;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.lines.TransferModel;

/**
 * Applies a {@link SyscallFilter} to accesses during the pass: each system call's entry PC is
 * named and judged once, and each CPU remembers the last one it asked about (a CPU stays in one
 * system call for many accesses), so an access costs a comparison.
 */
final class SyscallGate {
    private static final byte ADMITTED = 1;
    private static final byte REFUSED = 2;

    private final SyscallFilter filter;
    /** Entry PC → {@link #ADMITTED} or {@link #REFUSED}. */
    private final LongByteHashMap verdicts = new LongByteHashMap();
    /** The names of the system calls asked about: the log's, for naming the filter's names it never met. */
    private final Set<String> seen = new HashSet<>();
    private final long[] lastPc = new long[TransferModel.MAX_CPUS];
    private final boolean[] lastAdmitted = new boolean[TransferModel.MAX_CPUS];

    SyscallGate(SyscallFilter filter) {
        this.filter = filter;
        Arrays.fill(lastPc, -1L); // no entry point: the first question of each CPU is asked
    }

    /** Whether the transfers of {@code cpu} in the system call entered at {@code entryPc} (0: none) count. */
    boolean admits(int cpu, long entryPc, Attribution attribution) {
        if (filter.isAll()) {
            return true;
        }
        if (lastPc[cpu] != entryPc) {
            byte v = verdicts.get(entryPc);
            if (v == 0) {
                String name = entryPc == 0 ? null : CodeNames.syscallName(attribution, entryPc);
                seen.add(name);
                v = filter.admits(name) ? ADMITTED : REFUSED;
                verdicts.put(entryPc, v);
            }
            lastPc[cpu] = entryPc;
            lastAdmitted[cpu] = v == ADMITTED;
        }
        return lastAdmitted[cpu];
    }

    /** Names of one option a missing-note lists. */
    private static final int NAMES_SHOWN = 8;

    /**
     * The missing-notes of the filter's names that no access of the log was made in (misspelt, or
     * not in this workload); {@code kernelImage}: whether functions have names, or only PCs.
     */
    List<String> unmatched(boolean kernelImage) {
        List<String> out = new ArrayList<>();
        String names = kernelImage ? " (names as in the system-call table, e.g. openat, exc_page_fault)"
                : " (no kernel image: system calls are named by their entry PC, as in the system-call table)";
        note(out, "--syscall=", filter.only(), names);
        note(out, "--exclude-syscall=", filter.except(), names);
        return out;
    }

    /**
     * One note per option, however many of its names matched nothing (a list pasted from another
     * recording's table can hold dozens): the first {@value #NAMES_SHOWN} of them and how many.
     */
    private void note(List<String> out, String option, List<String> names, String how) {
        if (names == null) {
            return;
        }
        List<String> missing = names.stream().filter(n -> !seen.contains(n)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String listed = missing.size() <= NAMES_SHOWN ? String.join(",", missing)
                : String.join(",", missing.subList(0, NAMES_SHOWN)) + ",... (" + missing.size() + " names)";
        out.add(option + listed + ": no access was made in a system call, interrupt or kernel thread of "
                + (missing.size() == 1 ? "that name" : "these names") + how);
    }
}
