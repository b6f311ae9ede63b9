package org.mtrace.analyses.testcases;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Rank;

public final class CheckTestcasesProvider extends BasicProvider {
    public CheckTestcasesProvider() {
        super("check-testcases", "Check for cache line sharing in commutative testcases", Rank.CHECK_TESTCASES,
                setup -> new CheckTestcases(new AccessJson(setup.attribution())));
    }
}
