package org.mtrace.analyses.cacheassoc;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Rank;

public final class CacheAssocProvider extends BasicProvider {
    public CacheAssocProvider() {
        super("cache-assoc", "Report cache associativity set contention", Rank.CACHE_ASSOC,
                setup -> new CacheAssoc(new AccessJson(setup.attribution())));
    }
}
