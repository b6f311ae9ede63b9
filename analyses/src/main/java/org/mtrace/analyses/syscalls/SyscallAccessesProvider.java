package org.mtrace.analyses.syscalls;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class SyscallAccessesProvider extends BasicProvider {
    public SyscallAccessesProvider() {
        super("syscall-accesses", "Every access, organized by syscall", Rank.SYSCALL_ACCESSES, SyscallAccesses.class,
                setup -> new SyscallAccesses(setup.attribution()));
    }
}
