package org.mtrace.synth.kernel;

/** A function of the scenario kernel's text: its name and entry PC. */
public record KernelFunction(String name, long pc) {
    /** The PC of the instruction {@code offset} bytes into the function. */
    public long at(int offset) {
        return pc + offset;
    }
}
