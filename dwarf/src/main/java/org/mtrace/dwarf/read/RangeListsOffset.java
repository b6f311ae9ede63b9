package org.mtrace.dwarf.read;

/**
 * Where a range list starts: in {@code .debug_ranges} for DWARF 2-4 units, in {@code .debug_rnglists} for
 * DWARF 5 ones (an index form already resolved through the unit's {@code DW_AT_rnglists_base}).
 */
public record RangeListsOffset(boolean dwarf5, long value) implements SectionOffset {
    @Override public String section() { return dwarf5 ? ".debug_rnglists" : ".debug_ranges"; }
}
