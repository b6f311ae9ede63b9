package org.mtrace.dwarf.describe;

/**
 * Where an address sits inside a named global: the variable (or, without DWARF for it, the ELF symbol)
 * and the member path inside it, kept apart so that callers group by variable and field without parsing
 * a rendered string, and render only at the edge.
 *
 * @param name  the variable's (or symbol's) name
 * @param path  the member path as {@link OffsetPath} writes it ({@code .lock}, {@code [2].x}, {@code +0x4}),
 *              "" for the variable's first byte; for an untyped one {@code +0xOFF} (or "" at offset 0)
 * @param typed whether the path comes from the variable's type (false: a symbol with an offset only)
 */
public record VariablePath(String name, String path, boolean typed) {

    /** An untyped position {@code off} bytes into {@code name}: {@code name+0xOFF}, or {@code name} at 0. */
    public static VariablePath untyped(String name, long off) {
        return new VariablePath(name, off == 0 ? "" : "+0x" + Long.toHexString(off), false);
    }

    /**
     * A symbol known only by its ELF entry (or a variable whose type cannot describe the offset):
     * {@code name+0xOFF}, the offset always written, {@code +0x0} included, as the original's
     * {@code sym+0xoff} fallback.
     */
    public static VariablePath symbol(String name, long off) {
        return new VariablePath(name, "+0x" + Long.toHexString(off), false);
    }

    /** {@code name} followed by the path, as the original and {@code bin/mdwarf describe} print it. */
    public String render() {
        return name + path;
    }
}
