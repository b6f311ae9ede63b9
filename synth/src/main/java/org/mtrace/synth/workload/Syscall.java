package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelFunction;

/** A system call: its handler, and the abstract-scope name operations on it carry in ascope mode. */
record Syscall(KernelFunction handler, FixedString scopeName) {
    /** Offset of the call into the handler inside {@code system_call}. */
    static final int DISPATCH_OFFSET = 0x5b;

    Syscall(KernelFunction handler) {
        this(handler, FixedString.name("syscall:" + handler.name()));
    }
}
