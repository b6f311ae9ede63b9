package org.mtrace.dwarf.source;

import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.ElfSymbol;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.index.PrimitiveSort;
import org.mtrace.dwarf.index.SortedSearch;

import java.util.ArrayList;
import java.util.List;

/**
 * The code symbol at or below a PC, the fallback binutils (elf_find_function) uses when DWARF names no
 * function: FUNC and NOTYPE symbols (assembly entry points and labels) of the PC's own executable section;
 * at one address the larger symbol, then the first in table order; the symbol's size is not checked
 * (padding after a function is attributed to it). A local symbol's file is the STT_FILE symbol before it
 * in table order.
 */
final class SymbolLookup {
    private final ElfImage elf;
    private final long[] addr;
    private final String[] name, file;
    private final int[] section;

    SymbolLookup(ElfImage elf) {
        this.elf = elf;
        List<ElfSymbol> code = new ArrayList<>();
        List<String> files = new ArrayList<>();
        String currentFile = null;
        for (ElfSymbol s : elf.symbols()) {
            if (s.kind() == ElfSymbol.Kind.FILE) currentFile = s.name();
            else if ((s.kind() == ElfSymbol.Kind.FUNC || s.kind() == ElfSymbol.Kind.NOTYPE) && elf.isExecutable(s.section())) {
                code.add(s);
                files.add(s.binding() == ElfSymbol.Binding.LOCAL ? currentFile : null);
            }
        }
        int n = code.size();
        long[] address = new long[n], sizeDescending = new long[n];
        for (int i = 0; i < n; i++) {
            address[i] = code.get(i).address();
            sizeDescending[i] = ~code.get(i).size(); // unsigned: the larger size, the smaller key
        }
        // Address order; at one address the larger symbol first, then table order: two stable sorts
        // over primitive keys, the minor key first (a comparator over boxed indexes cost a tenth of a
        // kernel's start-up).
        int[] order = PrimitiveSort.reorderByUnsigned(address, PrimitiveSort.orderByUnsigned(sizeDescending, n));
        int[] kept = new int[n];
        int count = 0;
        for (int i : order) {
            if (count > 0 && address[kept[count - 1]] == address[i]
                    && code.get(kept[count - 1]).section() == code.get(i).section()) continue;
            kept[count++] = i;
        }
        addr = new long[count];
        name = new String[count];
        file = new String[count];
        section = new int[count];
        for (int k = 0; k < count; k++) {
            ElfSymbol s = code.get(kept[k]);
            addr[k] = s.address();
            name[k] = Demangler.demangle(s.name());
            file[k] = files.get(kept[k]);
            section[k] = s.section();
        }
    }

    /** Index of the symbol for pc, or -1. */
    int at(long pc) {
        int sec = elf.sectionIndexAt(pc);
        int i = SortedSearch.lastAtOrBelow(addr, pc);
        for (int k = 0; i >= 0 && k < 64 && section[i] != sec; k++) i--;
        return i >= 0 && section[i] == sec ? i : -1;
    }

    String name(int i) { return i < 0 ? null : name[i]; }

    /** The source file the symbol table gives for symbol i, or null. */
    String file(int i) { return i < 0 ? null : file[i]; }
}
