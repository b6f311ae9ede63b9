package org.mtrace.analyses.stacktrace;

import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;
import org.mtrace.mscan.util.Unsigned;

/** Argument {@code stack-trace-pc}: the PCs, hexadecimal with optional {@code 0x}. */
public final class StackTracePcProvider extends BasicProvider {
    public StackTracePcProvider() {
        super("stack-trace-pc", "Stack traces for access at PC", Rank.STACK_TRACE_PC, StackTracePcProvider::build);
    }

    private static StackTracePc build(AnalysisSetup setup) {
        LongHashSet pcs = new LongHashSet();
        for (String text : setup.arguments("stack-trace-pc")) {
            pcs.add(Unsigned.parseHex(text));
        }
        return new StackTracePc(pcs, new AccessJson(setup.attribution()));
    }
}
