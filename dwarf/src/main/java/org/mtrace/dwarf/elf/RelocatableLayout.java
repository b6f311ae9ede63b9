package org.mtrace.dwarf.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Addresses for the sections of a relocatable object ({@code .o}, kernel module {@code .ko}), whose headers
 * all say 0: allocated sections are placed one after another in section-header order from a base address,
 * each at its alignment, the way gdb places an object file it is given without addresses. Symbols,
 * relocations and so DWARF addresses then refer to distinct, non-overlapping places.
 */
final class RelocatableLayout {
    private RelocatableLayout() {}

    static List<SectionHeader> place(List<SectionHeader> sections, long base) {
        List<SectionHeader> out = new ArrayList<>(sections.size());
        long next = base;
        for (SectionHeader h : sections) {
            if ((h.flags() & SectionHeader.SHF_ALLOC) == 0 || h.size() == 0) {
                out.add(h);
                continue;
            }
            long align = h.addrAlign() > 1 && Long.bitCount(h.addrAlign()) == 1 ? h.addrAlign() : 1;
            long at = (next + align - 1) & -align;
            out.add(h.at(at));
            next = at + h.size();
        }
        return out;
    }

    /**
     * Non-allocated sections that share a name (in a {@code .o} built with type units, one {@code .debug_info}
     * per COMDAT group) are read as one section, pieces in header order: each piece's address is its offset in
     * that whole, so relocations against a piece's section symbol (e.g. DW_AT_stmt_list into the second
     * {@code .debug_line}) give offsets into the whole.
     */
    static List<SectionHeader> stackRepeated(List<SectionHeader> sections, ToLongFunction<SectionHeader> contentSize) {
        Map<String, Long> next = new HashMap<>();
        List<SectionHeader> out = new ArrayList<>(sections.size());
        for (SectionHeader h : sections) {
            if ((h.flags() & SectionHeader.SHF_ALLOC) != 0 || h.name().isEmpty()) {
                out.add(h);
                continue;
            }
            long at = next.getOrDefault(h.name(), 0L);
            out.add(at == h.addr() ? h : h.at(at));
            next.put(h.name(), at + contentSize.applyAsLong(h));
        }
        return out;
    }
}
