package org.mtrace.analyses.distinct;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class DistinctSysProvider extends BasicProvider {
    public DistinctSysProvider() {
        super("distinct-sys", "Average distinct cache lines per syscall", Rank.DISTINCT_SYS, DistinctSyscalls.class,
                setup -> new DistinctSyscalls(setup.attribution()));
    }
}
