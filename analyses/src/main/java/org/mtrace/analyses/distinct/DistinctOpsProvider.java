package org.mtrace.analyses.distinct;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;

/** distinct-ops implies distinct-sys (as the original's option does). */
public final class DistinctOpsProvider implements AnalysisProvider {
    /** Argument: comma-separated system calls of one operation, overriding the built-in table. */
    public static final String OP_SYSCALLS = "op-syscalls";

    @Override
    public String name() {
        return "distinct-ops";
    }

    @Override
    public String description() {
        return "Average distinct cache lines per operation";
    }

    @Override
    public int rank() {
        return Rank.DISTINCT_OPS;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        DistinctSyscalls sys = (DistinctSyscalls) setup.require("distinct-sys");
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
