package org.mtrace.analyses.syscalls;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class SyscallAccessesProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "syscall-accesses";
    }

    @Override
    public String description() {
        return "Every access, organized by syscall";
    }

    @Override
    public int rank() {
        return Rank.SYSCALL_ACCESSES;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new SyscallAccesses(setup.attribution());
    }
}
