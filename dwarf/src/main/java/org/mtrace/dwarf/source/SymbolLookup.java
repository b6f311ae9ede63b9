package org.mtrace.dwarf.source;

import org.mtrace.dwarf.ElfSymbol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Nearest-preceding FUNC symbol lookup, the fallback binutils uses when DWARF names no function. */
final class SymbolLookup {
    private final long[] addr, size;
    private final String[] name;

    SymbolLookup(List<ElfSymbol> symbols) {
        List<ElfSymbol> fns = new ArrayList<>();
        for (ElfSymbol s : symbols) if (s.kind() == ElfSymbol.Kind.FUNC && s.address() != 0) fns.add(s);
        fns.sort(Comparator.comparing(ElfSymbol::address, Long::compareUnsigned));
        addr = new long[fns.size()];
        size = new long[fns.size()];
        name = new String[fns.size()];
        for (int i = 0; i < fns.size(); i++) {
            addr[i] = fns.get(i).address(); size[i] = fns.get(i).size(); name[i] = fns.get(i).name();
        }
    }

    /** Name of the FUNC symbol covering pc (a zero-size symbol covers up to the next one), or null. */
    String functionAt(long pc) {
        int a = 0, b = addr.length - 1, found = -1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (Long.compareUnsigned(addr[mid], pc) <= 0) { found = mid; a = mid + 1; }
            else b = mid - 1;
        }
        if (found < 0) return null;
        if (size[found] != 0 && Long.compareUnsigned(pc - addr[found], size[found]) >= 0) return null;
        return name[found];
    }
}
