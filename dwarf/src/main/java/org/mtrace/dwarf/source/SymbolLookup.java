package org.mtrace.dwarf.source;

import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.ElfSymbol;
import org.mtrace.dwarf.index.SortedSearch;

import java.util.ArrayList;
import java.util.List;

/**
 * Nearest-preceding FUNC symbol lookup, the fallback binutils uses when DWARF names no function. As in
 * binutils' elf_find_function, the symbol's size is not checked (padding after a function is attributed
 * to it), and a local symbol's file is the STT_FILE symbol before it in table order.
 */
final class SymbolLookup {
    private final long[] addr;
    private final String[] name, file;

    SymbolLookup(List<ElfSymbol> symbols) {
        List<ElfSymbol> fns = new ArrayList<>();
        List<String> files = new ArrayList<>();
        String currentFile = null;
        for (ElfSymbol s : symbols) {
            if (s.kind() == ElfSymbol.Kind.FILE) currentFile = s.name();
            else if (s.kind() == ElfSymbol.Kind.FUNC && s.address() != 0) {
                fns.add(s);
                files.add(s.binding() == ElfSymbol.Binding.LOCAL ? currentFile : null);
            }
        }
        Integer[] order = new Integer[fns.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Long.compareUnsigned(fns.get(x).address(), fns.get(y).address()));
        addr = new long[order.length];
        name = new String[order.length];
        file = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            addr[i] = fns.get(order[i]).address();
            name[i] = Demangler.demangle(fns.get(order[i]).name());
            file[i] = files.get(order[i]);
        }
    }

    /** Index of the nearest FUNC symbol at or below pc, or -1. */
    int at(long pc) {
        return SortedSearch.lastAtOrBelow(addr, pc);
    }

    String name(int i) { return i < 0 ? null : name[i]; }

    /** The source file the symbol table gives for symbol i, or null. */
    String file(int i) { return i < 0 ? null : file[i]; }
}
