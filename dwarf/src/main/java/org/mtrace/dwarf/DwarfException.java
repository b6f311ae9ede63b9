package org.mtrace.dwarf;

/**
 * Debug information that cannot be read: a missing or non-ELF file, a stripped binary, or DWARF data this
 * reader does not understand. The message is one line naming the file and, where it applies, the unit's
 * section offset, so command-line tools can print it as is.
 */
public final class DwarfException extends RuntimeException {
    private final String file;
    private final long unitOffset;

    public DwarfException(String file, long unitOffset, String detail) {
        super(file + (unitOffset >= 0 ? ": unit at .debug_info offset 0x" + Long.toHexString(unitOffset) : "")
                + ": " + detail);
        this.file = file;
        this.unitOffset = unitOffset;
    }

    public DwarfException(String file, String detail) {
        this(file, -1, detail);
    }

    /** The ELF file the problem was found in. */
    public String file() { return file; }

    /** Section offset of the unit being decoded, or -1 when the problem is not inside a unit. */
    public long unitOffset() { return unitOffset; }
}
