package org.mtrace.kernelhooks;

import java.util.OptionalLong;

/**
 * What the hook table needs to know about a kernel image: symbol addresses and struct layouts.
 * The dwarf module (symbols + DWARF of a vmlinux) is meant to implement this;
 * scripts/gen-hook-table.sh gets the same facts from nm and gdb.
 */
public interface HookFacts {
    /** Address of a function or variable symbol. */
    OptionalLong symbolAddress(String name);

    /** Byte offset of {@code field} in {@code struct name}. */
    OptionalLong fieldOffset(String struct, String field);

    /** {@code sizeof(struct name)}. */
    OptionalLong structSize(String struct);
}
