package org.mtrace.dwarf.elf;

import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.read.Strings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One ELF64 section header. {@code addr} is where the section is considered loaded: {@code sh_addr}, or for a
 * relocatable object the address {@link RelocatableLayout} gives it.
 */
public record SectionHeader(String name, int type, long flags, long addr, long offset, long size, int link, int info,
                            long addrAlign) {
    public static final int SHT_SYMTAB = 2, SHT_RELA = 4, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9;
    public static final long SHF_ALLOC = 0x2;
    private static final int SHDR_SIZE = 64;

    static List<SectionHeader> readAll(String file, ByteBuffer map, long shoff, int entSize, int count, int strndx) {
        ByteBuffer b = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (count == 0 && shoff != 0 && shoff + SHDR_SIZE <= b.capacity()) count = (int) b.getLong((int) shoff + 32);
        if (count == 0) return List.of();
        if (entSize < SHDR_SIZE || shoff < 0 || shoff + (long) count * entSize > b.capacity())
            throw new DwarfException(file, "section header table lies outside the file (truncated?)");
        long[] raw = new long[6];
        List<SectionHeader> out = new ArrayList<>(count);
        int strOff = -1;
        if (strndx == 0xffff) strndx = b.getInt((int) shoff + 40);
        if (strndx < count) strOff = (int) b.getLong((int) (shoff + (long) strndx * entSize) + 24);
        for (int i = 0; i < count; i++) {
            int at = (int) (shoff + (long) i * entSize);
            int nameOff = b.getInt(at);
            String name = strOff >= 0 && strOff + (nameOff & 0xffffffffL) < b.capacity()
                    ? Strings.cstringAt(b, strOff + nameOff) : "";
            out.add(new SectionHeader(name, b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                    b.getLong(at + 24), b.getLong(at + 32), b.getInt(at + 40), b.getInt(at + 44), b.getLong(at + 48)));
        }
        return out;
    }

    /** The same section, not loaded anywhere known (SHF_ALLOC cleared). */
    SectionHeader unallocated() {
        return new SectionHeader(name, type, flags & ~SHF_ALLOC, addr, offset, size, link, info, addrAlign);
    }

    /** The same section considered loaded at another address. */
    SectionHeader at(long address) {
        return new SectionHeader(name, type, flags, address, offset, size, link, info, addrAlign);
    }
}
