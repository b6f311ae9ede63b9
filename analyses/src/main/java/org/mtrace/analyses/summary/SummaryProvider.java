package org.mtrace.analyses.summary;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class SummaryProvider extends BasicProvider {
    public SummaryProvider() {
        super("summary", "Workload summary", Rank.SUMMARY,
                setup -> new Summary(setup.diagnostics()));
    }
}
