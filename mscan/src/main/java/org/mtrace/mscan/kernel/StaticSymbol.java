package org.mtrace.mscan.kernel;

import org.mtrace.dwarf.describe.VariablePath;

/** A static OBJECT symbol of the kernel image: name (≤ 63 bytes), address and size in bytes. */
public record StaticSymbol(String name, long address, long size) {
    /** The original keeps at most 63 bytes of a static label's name (MSCAN.md §4.3 step 4). */
    private static final int MAX_NAME_BYTES = 63;

    /** A static label from an ELF symbol, its name cut to the original's 63 bytes. */
    public static StaticSymbol label(String name, long address, long size) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String kept = b.length <= MAX_NAME_BYTES ? name
                : new String(b, 0, MAX_NAME_BYTES, java.nio.charset.StandardCharsets.ISO_8859_1);
        return new StaticSymbol(kept, address, size);
    }

    /** {@code name} and {@code +0x<offset>} (untyped) if the symbol covers {@code addr}, else null. */
    public VariablePath variableAt(long addr) {
        long off = addr - address;
        return Long.compareUnsigned(off, size) < 0 ? VariablePath.symbol(name, off) : null;
    }

    /** The first of {@code symbols} covering {@code addr}, or null. */
    public static VariablePath variableAt(Iterable<StaticSymbol> symbols, long addr) {
        for (StaticSymbol s : symbols) {
            VariablePath v = s.variableAt(addr);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
