package org.mtrace.mscan.kernel;

import java.util.List;

/**
 * A kernel image without DWARF line tables (symbols only, or BTF with a symbol map): a PC's source
 * is its function at {@code ??:0}, as addr2line prints an address it has no line for, and there
 * are no inline frames.
 */
interface WithoutLineTables extends KernelInfo {
    @Override
    default String source(long pc) {
        String f = function(pc);
        return f == null ? null : f + " at ??:0";
    }

    @Override
    default List<String> sourceWithInlines(long pc) {
        String s = source(pc);
        return s == null ? List.of() : List.of(s);
    }
}
