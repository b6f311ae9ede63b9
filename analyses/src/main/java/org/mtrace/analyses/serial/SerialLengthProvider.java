package org.mtrace.analyses.serial;

import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Rank;

public final class SerialLengthProvider extends BasicProvider {
    public SerialLengthProvider() {
        super("serial-length", "The number of instructions executed in each serial section", Rank.SERIAL_LENGTH,
                setup -> new SerialLength(setup.diagnostics()));
    }
}
