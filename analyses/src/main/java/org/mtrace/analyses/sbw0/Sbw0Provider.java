package org.mtrace.analyses.sbw0;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class Sbw0Provider extends BasicProvider {
    public Sbw0Provider() {
        super("sbw0", "Raw dump of every access and completed call stack", Rank.SBW0,
                setup -> new Sbw0(setup.attribution()));
    }
}
