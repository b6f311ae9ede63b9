package org.mtrace.analyses.scopes;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Rank;

/** {@code abstract-scopes}: shares one {@link AbstractSharing} handler with unexpected-sharing. */
public final class AbstractScopesProvider extends BasicProvider {
    public AbstractScopesProvider() {
        super("abstract-scopes", "Abstract sharing scopes", Rank.ABSTRACT_SCOPES);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        AbstractSharing a = setup.shared(AbstractSharing.class, () -> new AbstractSharing(Diagnostics.STDERR));
        a.enableAbstractScopes();
        return a;
    }
}
