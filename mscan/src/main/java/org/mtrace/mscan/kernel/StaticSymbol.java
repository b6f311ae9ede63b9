package org.mtrace.mscan.kernel;

/** A static OBJECT symbol of the kernel image: name (≤ 63 bytes), address and size in bytes. */
public record StaticSymbol(String name, long address, long size) {

    /** {@code name+0x<offset>} if the symbol covers {@code addr}, else null. */
    public String describe(long addr) {
        long off = addr - address;
        return Long.compareUnsigned(off, size) < 0 ? name + "+0x" + Long.toHexString(off) : null;
    }

    /** The first of {@code symbols} covering {@code addr}, described, or null. */
    public static String describe(Iterable<StaticSymbol> symbols, long addr) {
        for (StaticSymbol s : symbols) {
            String d = s.describe(addr);
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}
