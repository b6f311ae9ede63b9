package org.mtrace.mscan.kernel;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.ElfSymbol;

/**
 * What mscan takes from an image's ELF symbol table (the one reader of it is the dwarf module's
 * {@code ElfImage}), whether or not the image has DWARF: the static labels of MSCAN.md §4.3 steps
 * 1-4 (LOCAL or GLOBAL OBJECT symbols of non-zero size, not the range symbols, demangled, cut to
 * 63 bytes, in table order), the per-CPU range (the first symbol of each range name whatever its
 * type: the documented fix of spec bug 35, since linker scripts make them NOTYPE), the range as the
 * original saw it (LOCAL or GLOBAL OBJECT range symbols, last wins), and the LOCAL or GLOBAL FUNC
 * symbols.
 */
record SymbolTableFacts(List<StaticSymbol> objects, PerCpuRange perCpuRange, PerCpuRange originalPerCpuRange,
        List<StaticSymbol> functions) {

    static SymbolTableFacts of(List<ElfSymbol> symbols) {
        List<StaticSymbol> objects = new ArrayList<>();
        List<StaticSymbol> functions = new ArrayList<>();
        PerCpuRange.Symbols anyType = new PerCpuRange.Symbols();
        PerCpuRange.Symbols original = new PerCpuRange.Symbols();
        for (ElfSymbol s : symbols) {
            anyType.offer(s.name(), s.address());
            if (s.binding() != ElfSymbol.Binding.LOCAL && s.binding() != ElfSymbol.Binding.GLOBAL) {
                continue;
            }
            if (s.kind() == ElfSymbol.Kind.FUNC) {
                if (!s.name().isEmpty()) {
                    functions.add(new StaticSymbol(s.name(), s.address(), s.size()));
                }
            } else if (s.kind() == ElfSymbol.Kind.OBJECT) {
                if (PerCpuRange.isRangeSymbol(s.name())) {
                    original.offer(s.name(), s.address());
                } else if (s.size() != 0) {
                    objects.add(StaticSymbol.label(Demangler.demangle(s.name()), s.address(), s.size()));
                }
            }
        }
        return new SymbolTableFacts(List.copyOf(objects), anyType.first(), original.last(), List.copyOf(functions));
    }
}
