package org.mtrace.dwarf.read;

/** Where a unit's line-number program starts in {@code .debug_line} (the root DIE's {@code DW_AT_stmt_list}). */
public record DebugLineOffset(long value) implements SectionOffset {
    @Override public String section() { return ".debug_line"; }
}
