package org.mtrace.dwarf.read;

/**
 * Where a unit's header starts: an offset into {@code .debug_info}, or into DWARF 4's {@code .debug_types}
 * (gimli's {@code UnitSectionOffset}). This is the offset error messages name a unit by
 * ({@code unit at .debug_info offset 0x2e}), as readelf lists units.
 */
public record UnitSectionOffset(boolean inTypes, long value) implements SectionOffset {
    @Override public String section() { return inTypes ? ".debug_types" : ".debug_info"; }
}
