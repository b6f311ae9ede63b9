package org.mtrace.analyses.sharedaddr;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class AttributionProvider extends BasicProvider {
    public AttributionProvider() {
        super("attribution", "Share of kernel traffic described by type and field, region, name or nothing",
                Rank.ATTRIBUTION, setup -> new AttributionCoverage(setup.attribution()));
    }
}
