package org.mtrace.analyses.checkgc;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Rank;

public final class CheckGcProvider extends BasicProvider {
    public CheckGcProvider() {
        super("check-gc", "Check for RCU memory accessed without gc_epoch", Rank.CHECK_GC,
                setup -> new CheckGc(new AccessJson(setup.attribution())));
    }
}
