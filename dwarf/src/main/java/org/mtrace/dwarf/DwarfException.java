package org.mtrace.dwarf;

/**
 * Debug information that cannot be read: a missing or non-ELF file, a stripped binary, or DWARF data this
 * reader does not understand. The message is one line naming the file and, where it applies, the unit's
 * section offset ({@code unit at .debug_info offset 0x2e}) or the place in another section the detail
 * gives ({@code .debug_line offset 0x40}, {@code .rela.debug_info entry 7}), so command-line tools can print
 * it as is.
 */
public final class DwarfException extends RuntimeException {
    private final String file;
    private final long unitOffset;

    /** A fault inside the unit at {@code unitOffset} of {@code unitSection} (.debug_info or .debug_types). */
    public DwarfException(String file, String unitSection, long unitOffset, String detail, Throwable cause) {
        super(oneLine(file) + (unitOffset >= 0 ? ": unit at " + unitSection + " offset 0x"
                + Long.toHexString(unitOffset) : "") + ": " + detail, cause);
        this.file = file;
        this.unitOffset = unitOffset;
    }

    public DwarfException(String file, long unitOffset, String detail) {
        this(file, ".debug_info", unitOffset, detail, null);
    }

    public DwarfException(String file, String detail) {
        this(file, ".debug_info", -1, detail, null);
    }

    /** A file name with a line break would split the one-line message; such characters are escaped. */
    private static String oneLine(String file) {
        return file.indexOf('\n') < 0 && file.indexOf('\r') < 0 ? file
                : file.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The ELF file the problem was found in. */
    public String file() { return file; }

    /** Section offset of the unit being decoded, or -1 when the problem is not inside a unit. */
    public long unitOffset() { return unitOffset; }
}
