package org.mtrace.analyses.allsharing;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Rank;

public final class AllSharingProvider extends BasicProvider {
    public AllSharingProvider() {
        super("all-sharing", "Report all sharing between CPUs", Rank.ALL_SHARING,
                setup -> new AllSharing(new AccessJson(setup.attribution())));
    }
}
