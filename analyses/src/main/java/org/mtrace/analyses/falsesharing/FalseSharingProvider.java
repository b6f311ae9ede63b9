package org.mtrace.analyses.falsesharing;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class FalseSharingProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "false-sharing";
    }

    @Override
    public String description() {
        return "False sharing";
    }

    @Override
    public int rank() {
        return Rank.FALSE_SHARING;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new FalseSharing(setup.attribution());
    }
}
