package org.mtrace.dwarf.elf;

import org.mtrace.dwarf.ElfSymbol;
import org.mtrace.dwarf.read.Strings;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes ELF64 {@code Elf64_Sym} entries of a symbol table with its string table. */
final class SymbolTableReader {
    private static final int SYM_SIZE = 24, SHN_LORESERVE = 0xff00;

    private SymbolTableReader() {}

    /**
     * With {@code placed} (a relocatable object's sections, see {@link RelocatableLayout}) a symbol's
     * {@code st_value}, an offset in its section, becomes an address: the section's address plus the offset.
     */
    static List<ElfSymbol> read(String file, ByteBuffer symtab, ByteBuffer strtab, List<SectionHeader> placed) {
        int n = symtab.limit() / SYM_SIZE;
        List<ElfSymbol> out = new ArrayList<>(n);
        for (int i = 1; i < n; i++) {
            int at = i * SYM_SIZE;
            long nameOff = symtab.getInt(at) & 0xffffffffL;
            if (nameOff == 0 || nameOff >= strtab.limit()) continue;
            int info = symtab.get(at + 4) & 0xff;
            int shndx = symtab.getShort(at + 6) & 0xffff;
            long value = symtab.getLong(at + 8);
            if (placed != null && shndx > 0 && shndx < placed.size() && shndx < SHN_LORESERVE)
                value += placed.get(shndx).addr();
            out.add(new ElfSymbol(Strings.cstringAt(strtab, (int) nameOff), value,
                    symtab.getLong(at + 16), ElfSymbol.Binding.of(info >> 4), ElfSymbol.Kind.of(info & 0xf), shndx));
        }
        return out;
    }
}
