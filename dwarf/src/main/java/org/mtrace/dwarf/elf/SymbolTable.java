package org.mtrace.dwarf.elf;

import org.mtrace.dwarf.ElfSymbol;
import org.mtrace.dwarf.index.SortedSearch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Lookups over an ELF's {@code .symtab}: OBJECT symbols, name -> address, address -> containing object. */
public final class SymbolTable {
    private final List<ElfSymbol> all;
    private final List<ElfSymbol> objects = new ArrayList<>();
    private final Map<String, Long> byName;
    private final long[] objectStart;
    private final ElfSymbol[] objectByStart;

    public SymbolTable(List<ElfSymbol> symbols) {
        this.all = symbols;
        // sized for every name at once: a kernel's 150,000 symbols would otherwise rehash it 16 times
        byName = new HashMap<>(symbols.size() * 4 / 3 + 16);
        for (ElfSymbol s : symbols) {
            byName.putIfAbsent(s.name(), s.address());
            if (s.kind() == ElfSymbol.Kind.OBJECT) objects.add(s);
        }
        List<ElfSymbol> sorted = new ArrayList<>(objects);
        sorted.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        objectByStart = sorted.toArray(new ElfSymbol[0]);
        objectStart = new long[objectByStart.length];
        for (int i = 0; i < objectStart.length; i++) objectStart[i] = objectByStart[i].address();
    }

    public List<ElfSymbol> all() { return all; }

    /** OBJECT symbols in table order. */
    public List<ElfSymbol> objects() { return objects; }

    /** Address of the first symbol with this name (any type). */
    public OptionalLong address(String name) {
        Long a = byName.get(name);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }

    /** The OBJECT symbol whose [address, address + max(size, 1)) contains addr, or null. */
    public ElfSymbol objectAt(long addr) {
        int i = SortedSearch.lastAtOrBelow(objectStart, addr);
        if (i < 0) return null;
        ElfSymbol s = objectByStart[i];
        return Long.compareUnsigned(addr - s.address(), Math.max(1, s.size())) < 0 ? s : null;
    }
}
