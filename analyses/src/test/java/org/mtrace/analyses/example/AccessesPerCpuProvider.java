package org.mtrace.analyses.example;

import org.mtrace.mscan.engine.BasicProvider;

/** Registers {@link AccessesPerCpu}: name, one-line description, position in the output, factory. */
public final class AccessesPerCpuProvider extends BasicProvider {
    public AccessesPerCpuProvider() {
        super("accesses-per-cpu", "Accesses per CPU while recording", 200, setup -> new AccessesPerCpu());
    }
}
