package org.mtrace.analyses.sharedaddr;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class SharedAddressesProvider extends BasicProvider {
    public SharedAddressesProvider() {
        super("shared-addresses", "Shared (object, address) pairs", Rank.SHARED_ADDRESSES,
                setup -> new SharedAddresses(setup.attribution()));
    }
}
