package org.mtrace.format.print;

import java.util.Set;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.format.HostType;
import org.mtrace.format.RecordMode;
import org.mtrace.format.TaskType;

/**
 * The two flavours of m2text's line format. They differ only where the
 * original printed something wrong (M2TEXT.md §1.3, README bug 27):
 * {@link #CORRECTED} prints the segment's object type, the names
 * {@code done_value} and {@code kernelscope}, decimal numbers for values the
 * format does not define, and gc/gcepoch lines; {@link #ORIGINAL} reproduces
 * the C tool byte for byte (header type {@code 5} in segment lines,
 * {@code (null)}, no gc/gcepoch lines) for diffing against old dumps.
 */
public enum TextDialect {
    CORRECTED(false,
            NameTable.spelling(AccessType.values()),
            NameTable.spelling(HostType.values()),
            NameTable.spelling(RecordMode.values()),
            NameTable.spelling(FcallState.values()),
            NameTable.spelling(TaskType.values())),
    ORIGINAL(true,
            NameTable.original(AccessType.values(), Set.of()),
            NameTable.original(HostType.values(), Set.of()),
            NameTable.original(RecordMode.values(), Set.of(RecordMode.KERNELSCOPE)),
            NameTable.original(FcallState.values(), Set.of(FcallState.DONE_VALUE)),
            NameTable.original(TaskType.values(), Set.of()));

    final boolean original;
    final NameTable accessKinds;
    final NameTable hostTypes;
    final NameTable recordModes;
    final NameTable fcallStates;
    final NameTable taskTypes;

    TextDialect(boolean original, NameTable accessKinds, NameTable hostTypes, NameTable recordModes,
            NameTable fcallStates, NameTable taskTypes) {
        this.original = original;
        this.accessKinds = accessKinds;
        this.hostTypes = hostTypes;
        this.recordModes = recordModes;
        this.fcallStates = fcallStates;
        this.taskTypes = taskTypes;
    }
}
