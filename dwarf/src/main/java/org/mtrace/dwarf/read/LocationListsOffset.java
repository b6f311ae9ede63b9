package org.mtrace.dwarf.read;

/**
 * Where a location list starts: in {@code .debug_loc} for DWARF 2-4 units, in {@code .debug_loclists} for
 * DWARF 5 ones (an index form already resolved through the unit's {@code DW_AT_loclists_base}).
 */
public record LocationListsOffset(boolean dwarf5, long value) implements SectionOffset {
    @Override public String section() { return dwarf5 ? ".debug_loclists" : ".debug_loc"; }
}
