package org.mtrace.analyses.sbw0;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class Sbw0Provider extends BasicProvider {
    public Sbw0Provider() {
        super("sbw0", "", Rank.SBW0);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new Sbw0(setup.attribution());
    }
}
