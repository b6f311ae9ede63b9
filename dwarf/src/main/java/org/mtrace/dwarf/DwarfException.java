package org.mtrace.dwarf;

import org.mtrace.dwarf.read.UnitSectionOffset;

/**
 * Debug information that cannot be read: a missing or non-ELF file, a stripped binary, or DWARF data this
 * reader does not understand. The message is one line naming the file and, where it applies, the unit's
 * section offset ({@code unit at .debug_info offset 0x2e}) or the place in another section the detail
 * gives ({@code .debug_line offset 0x40}, {@code .rela.debug_info entry 7}), so command-line tools can print
 * it as is.
 */
public final class DwarfException extends RuntimeException {
    private final String file;
    private final UnitSectionOffset unit;

    /** A fault inside the unit whose header starts at {@code unit} (null: not inside a unit). */
    public DwarfException(String file, UnitSectionOffset unit, String detail, Throwable cause) {
        super(oneLine(file) + (unit != null ? ": unit at " + unit.describe() : "") + ": " + detail, cause);
        this.file = file;
        this.unit = unit;
    }

    public DwarfException(String file, String detail) {
        this(file, null, detail, null);
    }

    /** A file name with a line break would split the one-line message; such characters are escaped. */
    private static String oneLine(String file) {
        return file.indexOf('\n') < 0 && file.indexOf('\r') < 0 ? file
                : file.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The ELF file the problem was found in. */
    public String file() { return file; }

    /** Where the unit being decoded starts, or null when the problem is not inside a unit. */
    public UnitSectionOffset unit() { return unit; }
}
