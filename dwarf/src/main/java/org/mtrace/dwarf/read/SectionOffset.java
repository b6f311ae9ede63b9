package org.mtrace.dwarf.read;

/**
 * An offset into one DWARF section, typed by the section it belongs to so that the compiler tells a
 * {@code .debug_line} offset from a {@code .debug_abbrev} offset or a DIE offset (gimli's offset types are
 * the model). Used at API boundaries and in error messages; the byte-walking loops (every DIE, every
 * attribute, the indexer's tables) keep plain ints, because Java has no zero-cost newtype and those loops
 * must not allocate per entry.
 */
public interface SectionOffset {
    /** The section name, as error messages print it ({@code .debug_line}). */
    String section();

    /** The offset from the start of {@link #section()}. */
    long value();

    /** {@code SECTION offset 0xN}, the one spelling of a section offset in messages. */
    default String describe() {
        return section() + " offset 0x" + Long.toHexString(value());
    }
}
