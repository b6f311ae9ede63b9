package org.mtrace.analyses.stacktrace;

import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Rank;
import org.mtrace.mscan.util.Unsigned;

/** Argument {@code stack-trace-pc}: the PCs, hexadecimal with optional {@code 0x}. */
public final class StackTracePcProvider implements AnalysisProvider {
    @Override
    public String name() {
        return "stack-trace-pc";
    }

    @Override
    public String description() {
        return "Stack traces for access at PC";
    }

    @Override
    public int rank() {
        return Rank.STACK_TRACE_PC;
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        LongHashSet pcs = new LongHashSet();
        for (String text : setup.arguments("stack-trace-pc")) {
            pcs.add(Unsigned.parseHex(text));
        }
        return new StackTracePc(pcs, new AccessJson(setup.attribution()));
    }
}
