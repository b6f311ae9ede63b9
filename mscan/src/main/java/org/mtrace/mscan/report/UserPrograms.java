package org.mtrace.mscan.report;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.lines.TransferModel;

/**
 * Which program ran each user-space PC that moved a line, by the name of the thread that ran it
 * ({@link RunningThreads}): the kernel image names no user code, so the code profile's rows of user
 * PCs name their program instead ({@code 0x555ad81537dd (user-space code of metis)}). A PC run under
 * two names belongs to several programs (a shared library's code). The counting side notes each
 * transfer ({@link TransferCounter}); each CPU skips the PC it noted last under the same name.
 */
final class UserPrograms {
    /** {@link #programOf} of a PC run under more than one name. */
    static final String SEVERAL = "several programs";

    /** Per user PC, the name it first ran under, or {@link #SEVERAL}. */
    private final LongObjectHashMap<String> programOfPc = new LongObjectHashMap<>();
    private final long[] lastPc = new long[TransferModel.MAX_CPUS];
    private final String[] lastName = new String[TransferModel.MAX_CPUS];

    /** A transfer by user code at {@code pc} on {@code cpu}, whose thread is named {@code name} (null: unknown). */
    void ran(int cpu, long pc, String name) {
        if (name == null || lastPc[cpu] == pc && lastName[cpu] == name) {
            return;
        }
        lastPc[cpu] = pc;
        lastName[cpu] = name;
        String first = programOfPc.get(pc);
        if (first == null) {
            programOfPc.put(pc, name);
        } else if (!first.equals(name) && first != SEVERAL) {
            programOfPc.put(pc, SEVERAL);
        }
    }

    /** The name of the program that ran {@code pc}, {@link #SEVERAL}, or null when no task entry named its thread. */
    String programOf(long pc) {
        return programOfPc.get(pc);
    }
}
