package org.mtrace.dwarf.read;

/** Where a unit's abbreviation table starts in {@code .debug_abbrev} (a unit header's {@code debug_abbrev_offset}). */
public record DebugAbbrevOffset(long value) implements SectionOffset {
    @Override public String section() { return ".debug_abbrev"; }
}
