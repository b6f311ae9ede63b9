package org.mtrace.dwarf.elf;

import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Applies the x86-64 relocations ({@code SHT_RELA}, and {@code SHT_REL} for completeness) that target one
 * section of a relocatable object, so that its DWARF holds final values: addresses of code and data
 * (against the section addresses {@link RelocatableLayout} gave), and offsets into other debug sections
 * (against their section symbols, 0 in a non-allocated section). Only sections that have relocations are
 * copied, once, when first read.
 */
final class Relocations {
    static final int EM_X86_64 = 62;
    private static final int R_NONE = 0, R_64 = 1, R_PC32 = 2, R_32 = 10, R_32S = 11, R_PC64 = 24;
    private static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2;
    private static final int SYM_SIZE = 24;

    private Relocations() {}

    /** Whether any relocation section of the file targets section {@code index}. */
    static boolean target(List<SectionHeader> sections, int index) {
        for (SectionHeader h : sections)
            if ((h.type() == SectionHeader.SHT_RELA || h.type() == SectionHeader.SHT_REL) && h.info() == index
                    && h.size() > 0) return true;
        return false;
    }

    /**
     * The contents of section {@code index} with its relocations applied: {@code contents} itself when it is
     * a private heap copy already (an inflated section), else a copy of it.
     */
    static ByteBuffer apply(ElfImage elf, int machine, int index, ByteBuffer contents) {
        List<SectionHeader> sections = elf.sections();
        SectionHeader target = sections.get(index);
        ByteBuffer out;
        if (contents.hasArray() && !contents.isReadOnly()) out = contents;
        else {
            out = ByteBuffer.allocate(contents.limit());
            out.put(0, contents, 0, contents.limit());
        }
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (SectionHeader rel : sections) {
            boolean rela = rel.type() == SectionHeader.SHT_RELA;
            if ((!rela && rel.type() != SectionHeader.SHT_REL) || rel.info() != index || rel.size() == 0) continue;
            if (machine != EM_X86_64) throw new DwarfException(elf.name(), rel.name() + ": relocations for ELF machine "
                    + machine + " are not supported (x86-64 only)");
            if (rel.link() <= 0 || rel.link() >= sections.size()
                    || sections.get(rel.link()).type() != SectionHeader.SHT_SYMTAB)
                throw new DwarfException(elf.name(), rel.name() + ": sh_link " + rel.link() + " is not a symbol table");
            ByteBuffer symtab = elf.slice(sections.get(rel.link()));
            applyOne(elf, sections, target, out, elf.slice(rel), rel.name(), rela, symtab);
        }
        return out;
    }

    private static void applyOne(ElfImage elf, List<SectionHeader> sections, SectionHeader target, ByteBuffer out,
                                 ByteBuffer rel, String relName, boolean rela, ByteBuffer symtab) {
        int entrySize = rela ? 24 : 16;
        int count = rel.limit() / entrySize;
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            long offset = rel.getLong(at), info = rel.getLong(at + 8);
            int type = (int) info, sym = (int) (info >>> 32);
            if (type == R_NONE) continue;
            int width = width(type);
            if (width == 0) throw entryError(elf, relName, i, "relocation type " + type + " is not supported");
            if (offset < 0 || offset > out.limit() - width) throw entryError(elf, relName, i, "offset 0x"
                    + Long.toHexString(offset) + " lies outside " + target.name());
            int place = (int) offset;
            long addend = rela ? rel.getLong(at + 16)
                    : width == 8 ? out.getLong(place) : type == R_32 ? out.getInt(place) & 0xffffffffL : out.getInt(place);
            long value = symbolValue(elf, sections, symtab, sym, relName, i) + addend;
            if (type == R_PC32 || type == R_PC64) value -= target.addr() + offset;
            if (width == 8) out.putLong(place, value);
            else out.putInt(place, (int) value);
        }
    }

    private static int width(int type) {
        switch (type) {
            case R_64: case R_PC64: return 8;
            case R_32: case R_32S: case R_PC32: return 4;
            default: return 0;
        }
    }

    /** S: the symbol's address, its section's layout address plus st_value. */
    private static long symbolValue(ElfImage elf, List<SectionHeader> sections, ByteBuffer symtab, int sym,
                                    String relName, int entry) {
        if (sym == 0) return 0;
        long at = (sym & 0xffffffffL) * SYM_SIZE;
        if (at > symtab.limit() - SYM_SIZE) throw entryError(elf, relName, entry, "symbol index "
                + (sym & 0xffffffffL) + " outside the symbol table");
        int shndx = symtab.getShort((int) at + 6) & 0xffff;
        long value = symtab.getLong((int) at + 8);
        if (shndx == SHN_UNDEF || shndx == SHN_COMMON) return 0; // undefined here: binutils resolves it to 0 too
        if (shndx == SHN_ABS) return value;
        if (shndx >= SHN_LORESERVE || shndx >= sections.size()) throw entryError(elf, relName, entry, "symbol "
                + sym + " has section index 0x" + Integer.toHexString(shndx) + ", not supported");
        return sections.get(shndx).addr() + value;
    }

    private static DwarfException entryError(ElfImage elf, String relName, int entry, String detail) {
        return new DwarfException(elf.name(), relName + " entry " + entry + ": " + detail);
    }
}
