package org.mtrace.synth.kernel;

import org.mtrace.synth.encode.FixedString;

/** A statically allocated kernel variable (.data/.bss): its symbol name, address and size. */
public record StaticVariable(String name, long addr, int size, FixedString label) {
    public StaticVariable(String name, long addr, int size) {
        this(name, addr, size, FixedString.terminated(name));
    }
}
