package org.mtrace.analyses.falsesharing;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class FalseSharingProvider extends BasicProvider {
    public FalseSharingProvider() {
        super("false-sharing", "False sharing", Rank.FALSE_SHARING,
                setup -> new FalseSharing(setup.attribution(), setup.lineSize()));
    }
}
