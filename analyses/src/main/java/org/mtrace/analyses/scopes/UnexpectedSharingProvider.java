package org.mtrace.analyses.scopes;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

/** {@code unexpected-sharing}: shares one {@link AbstractSharing} handler with abstract-scopes. */
public final class UnexpectedSharingProvider extends BasicProvider {
    public UnexpectedSharingProvider() {
        super("unexpected-sharing", "Unexpected abstract sharing", Rank.ABSTRACT_SCOPES,
                setup -> AbstractSharing.of(setup).enableUnexpectedSharing());
    }
}
