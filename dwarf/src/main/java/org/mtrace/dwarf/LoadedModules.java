package org.mtrace.dwarf;

import java.util.List;

/**
 * A kernel image and the modules loaded into it, each with its own debug information: which of them
 * describes an address (the module whose sections contain it, else the kernel) or defines a type (the
 * kernel first, then the modules in the order given).
 */
public final class LoadedModules {
    private final DebugInfo kernel;
    private final List<DebugInfo> modules;

    public LoadedModules(DebugInfo kernel, List<DebugInfo> modules) {
        this.kernel = kernel;
        this.modules = List.copyOf(modules);
    }

    public DebugInfo kernel() { return kernel; }
    public List<DebugInfo> modules() { return modules; }

    /** The module whose sections contain the address, else the kernel. */
    public DebugInfo forAddress(long addr) {
        DebugInfo m = moduleAt(addr);
        return m != null ? m : kernel;
    }

    /** The module whose sections contain the address, or null if it is none of theirs. */
    public DebugInfo moduleAt(long addr) {
        for (DebugInfo m : modules) if (m.contains(addr)) return m;
        return null;
    }

    /** The kernel if it defines the type, else the first module that does, else the kernel. */
    public DebugInfo forType(String type) {
        if (kernel.definesType(type)) return kernel;
        for (DebugInfo m : modules) if (m.definesType(type)) return m;
        return kernel;
    }
}
