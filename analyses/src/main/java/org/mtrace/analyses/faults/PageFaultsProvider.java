package org.mtrace.analyses.faults;

import java.util.List;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.BasicProvider;

/** {@code page-faults [--csv=FILE]}: the recorder's page-fault and swap entries. */
public final class PageFaultsProvider extends BasicProvider {
    /** After the original's analyses and the other additions (100, 101). */
    static final int RANK = 140;

    public PageFaultsProvider() {
        super("page-faults", "Page faults and swap I/O by PC, VMA, page, task and time", RANK, PageFaultsProvider::build);
    }

    private static PageFaults build(AnalysisSetup setup) {
        List<String> csv = setup.arguments("csv");
        return new PageFaults(setup.attribution(), csv.isEmpty() ? null : csv.get(csv.size() - 1));
    }
}
