package org.mtrace.analyses.syscalls;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

/** syscall-accesses-pc implies syscall-accesses (as the original's option does). */
public final class SyscallAccessesPcProvider extends BasicProvider {
    public SyscallAccessesPcProvider() {
        super("syscall-accesses-pc", "The PC of every access, organized by syscall", Rank.SYSCALL_ACCESSES_PC,
                setup -> new SyscallAccessesPc(setup.require(SyscallAccesses.class)));
    }
}
