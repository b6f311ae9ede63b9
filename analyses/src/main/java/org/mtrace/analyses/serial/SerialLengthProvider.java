package org.mtrace.analyses.serial;

import org.mtrace.analyses.common.BasicProvider;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Rank;

public final class SerialLengthProvider extends BasicProvider {
    public SerialLengthProvider() {
        super("serial-length", "The number of instructions executed in each serial section", Rank.SERIAL_LENGTH);
    }

    @Override
    public Analysis create(AnalysisSetup setup) {
        return new SerialLength(Diagnostics.STDERR);
    }
}
