package org.mtrace.analyses.distinct;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class DistinctSysProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "distinct-sys";
    }

    @Override
    public String description() {
        return "Average distinct cache lines per syscall";
    }

    @Override
    public int rank() {
        return Rank.DISTINCT_SYS;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new DistinctSyscalls(setup.attribution());
    }
}
