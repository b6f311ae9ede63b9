package org.mtrace.analyses.sharedaddr;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

public final class SharedAddressesProvider extends BasicProvider {
    public SharedAddressesProvider() {
        super("shared-addresses", "Shared (object, address) pairs", Rank.SHARED_ADDRESSES);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new SharedAddresses(setup.attribution());
    }
}
