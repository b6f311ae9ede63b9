package org.mtrace.analyses.distinct;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

/** distinct-ops implies distinct-sys (as the original's option does). */
public final class DistinctOpsProvider extends BasicProvider {
    /** Argument: comma-separated system calls of one operation, overriding the built-in table. */
    public static final String OP_SYSCALLS = "op-syscalls";

    public DistinctOpsProvider() {
        super("distinct-ops", "Average distinct cache lines per operation", Rank.DISTINCT_OPS, DistinctOps.class,
                DistinctOpsProvider::build);
    }

    private static DistinctOps build(AnalysisSetup setup) {
        DistinctSyscalls sys = setup.require(DistinctSyscalls.class);
        List<String> explicit = null;
        if (!setup.arguments(OP_SYSCALLS).isEmpty()) {
            explicit = new ArrayList<>();
            for (String v : setup.arguments(OP_SYSCALLS)) {
                for (String name : v.split(",")) {
                    if (!name.isBlank()) {
                        explicit.add(name.trim());
                    }
                }
            }
        }
        return new DistinctOps(sys, setup.attribution(), explicit);
    }
}
