package org.mtrace.analyses.syscalls;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

/** syscall-accesses-pc implies syscall-accesses (as the original's option does). */
public final class SyscallAccessesPcProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "syscall-accesses-pc";
    }

    @Override
    public String description() {
        return "The PC of every access, organized by syscall";
    }

    @Override
    public int rank() {
        return Rank.SYSCALL_ACCESSES_PC;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new SyscallAccessesPc((SyscallAccesses) setup.require("syscall-accesses"));
    }
}
