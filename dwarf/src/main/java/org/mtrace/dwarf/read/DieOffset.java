package org.mtrace.dwarf.read;

/**
 * Where a DIE starts, as one int across both sections that hold DIEs: its {@code .debug_info} offset as it
 * is, or its DWARF 4 {@code .debug_types} offset shifted past the end of {@code .debug_info}
 * ({@link DwarfFile#typesBias()}). The index tables and the byte-walking loops keep these as plain ints
 * ({@link #global()}) to stay compact and allocation-free; lookups, references and messages use this type.
 */
public record DieOffset(int global) implements Comparable<DieOffset> {
    /** {@code 0xN}, as messages print a DIE ({@code DIE 0x2e}). */
    @Override public String toString() { return "0x" + Integer.toHexString(global); }

    @Override public int compareTo(DieOffset o) { return Integer.compare(global, o.global); }

    // Written out: a record's implicit equals and hashCode bootstrap through invokedynamic at their
    // first call, spinning dozens of method-handle classes (DIE offsets key the describers' caches).
    @Override public boolean equals(Object o) { return o instanceof DieOffset d && d.global == global; }

    @Override public int hashCode() { return Integer.hashCode(global); }
}
