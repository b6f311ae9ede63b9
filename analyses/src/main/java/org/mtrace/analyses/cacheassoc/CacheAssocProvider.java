package org.mtrace.analyses.cacheassoc;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class CacheAssocProvider extends BasicProvider {
    public CacheAssocProvider() {
        super("cache-assoc", "Report cache associativity set contention", Rank.CACHE_ASSOC);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new CacheAssoc(new AccessJson(setup.attribution()));
    }
}
