package org.mtrace.analyses.allsharing;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class AllSharingProvider extends BasicProvider {
    public AllSharingProvider() {
        super("all-sharing", "Report all sharing between CPUs", Rank.ALL_SHARING);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new AllSharing(new AccessJson(setup.attribution()));
    }
}
