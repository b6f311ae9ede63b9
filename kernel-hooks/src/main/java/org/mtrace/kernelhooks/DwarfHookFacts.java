package org.mtrace.kernelhooks;

import java.util.OptionalLong;
import org.mtrace.dwarf.DebugInfo;

/** {@link HookFacts} of a vmlinux from its symbol table and DWARF, through the dwarf module. */
public final class DwarfHookFacts implements HookFacts {
    private final DebugInfo dwarf;

    public DwarfHookFacts(DebugInfo dwarf) {
        this.dwarf = dwarf;
    }

    @Override
    public OptionalLong symbolAddress(String name) {
        return dwarf.symbolAddress(name);
    }

    @Override
    public OptionalLong fieldOffset(String struct, String field) {
        return dwarf.fieldOffset("struct " + struct, field);
    }

    @Override
    public OptionalLong structSize(String struct) {
        return dwarf.typeSize("struct " + struct);
    }
}
