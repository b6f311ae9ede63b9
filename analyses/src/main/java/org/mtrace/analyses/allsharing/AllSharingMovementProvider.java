package org.mtrace.analyses.allsharing;

/** all-sharing-movement: all-sharing on movement recordings (new-style command line only). */
public final class AllSharingMovementProvider extends SharingModeProvider {
    public AllSharingMovementProvider() {
        super(SharingMode.MOVEMENT);
    }
}
