package org.mtrace.analyses.scopes;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Rank;

/** {@code unexpected-sharing}: shares one {@link AbstractSharing} handler with abstract-scopes. */
public final class UnexpectedSharingProvider extends BasicProvider {
    public UnexpectedSharingProvider() {
        super("unexpected-sharing", "Unexpected abstract sharing", Rank.ABSTRACT_SCOPES);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        AbstractSharing a = setup.shared(AbstractSharing.class, () -> new AbstractSharing(Diagnostics.STDERR));
        a.enableUnexpectedSharing();
        return a;
    }
}
