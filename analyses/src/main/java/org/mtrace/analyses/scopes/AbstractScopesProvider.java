package org.mtrace.analyses.scopes;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

/** {@code abstract-scopes}: shares one {@link AbstractSharing} handler with unexpected-sharing. */
public final class AbstractScopesProvider extends BasicProvider {
    public AbstractScopesProvider() {
        super("abstract-scopes", "Abstract sharing scopes", Rank.ABSTRACT_SCOPES,
                setup -> AbstractSharing.of(setup).enableAbstractScopes());
    }
}
