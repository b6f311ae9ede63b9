package org.mtrace.analyses.summary;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class SummaryProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return "Workload summary";
    }

    @Override
    public int rank() {
        return Rank.SUMMARY;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new Summary();
    }
}
