package org.mtrace.analyses.allsharing;

import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.BasicProvider;

/** A provider of all-sharing for one {@link SharingMode}. */
abstract class SharingModeProvider extends BasicProvider {
    SharingModeProvider(SharingMode mode) {
        super(mode.analysisName, mode.description, mode.rank, setup -> new AllSharing(new AccessJson(setup.attribution()), mode,
                setup.lineSize()));
    }
}
