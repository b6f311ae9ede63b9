package org.mtrace.dwarf.elf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a loaded kernel module's sections are: the address of its {@code .text}, as
 * {@code /sys/module/NAME/sections/.text} shows it, and optionally other sections' addresses from the same
 * directory. Sections not given explicitly are placed as Linux 6.1 lays out a module's core allocation
 * (kernel/module/main.c layout_sections): executable sections, then read-only data, then
 * {@code .data..ro_after_init} and {@code __jump_table}, then writable data, each group in section-header
 * order with each section at its alignment and the groups page-aligned (CONFIG_STRICT_MODULE_RWX, as
 * distribution kernels are built). {@code .init*} sections (a separate allocation, freed after
 * initialisation), {@code .modinfo}, {@code __versions} and {@code .data..percpu} (copied to per-CPU
 * memory) get no address unless given. From Linux 6.4 text, read-only and writable data are separate
 * allocations: give {@code .rodata}, {@code .data}, {@code .bss} etc. explicitly there.
 *
 * <p>Instead of the {@code .text} address a load may give the base addresses of the module's memory
 * regions, as the recorder logs them from {@code struct module} ({@link #ofRegions}): on 6.1
 * {@code core} and {@code init} ({@code core_layout}, {@code init_layout}: the groups above, page-aligned,
 * in one allocation each); from 6.4 one region per kind ({@code mem[]}: {@code text}, {@code rodata},
 * {@code ro_after_init}, {@code data}, {@code init_text}, {@code init_rodata}, {@code init_data}), each
 * holding its group's sections from offset 0 at their alignment (kernel/module/main.c
 * {@code __layout_sections}, {@code module_get_offset_and_type}). {@code .init*} sections go to the init
 * region(s), all others to the core one(s).
 */
public record ModuleLoad(long textAddress, Map<String, Long> sections, Map<String, Long> regions) {
    /** Group order of the layout: executable, read-only, ro_after_init, writable. */
    private static final String[] CORE_REGIONS = {"text", "rodata", "ro_after_init", "data"};
    private static final String[] INIT_REGIONS = {"init_text", "init_rodata", null, "init_data"};

    public ModuleLoad(long textAddress, Map<String, Long> sections) {
        this(textAddress, sections, Map.of());
    }

    /** A load given by its regions' base addresses (region name to address, names as above). */
    public static ModuleLoad ofRegions(Map<String, Long> regions) {
        return new ModuleLoad(0, Map.of(), Map.copyOf(regions));
    }

    private static final long SHF_WRITE = 0x1, SHF_EXECINSTR = 0x4, PAGE = 4096;
    /** Kernel-internal flag the loader sets on ro_after_init sections before laying them out. */
    private static final long SHF_RO_AFTER_INIT = 0x00200000;

    /**
     * Parses {@code ADDR[,SECTION=ADDR...]} (numbers 0x-hex or decimal).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ModuleLoad parse(String spec) {
        String[] parts = spec.split(",");
        long text = number(parts[0], spec);
        Map<String, Long> sections = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].lastIndexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + parts[i] + "' in '" + spec
                    + "' is not SECTION=ADDR");
            sections.put(parts[i].substring(0, eq), number(parts[i].substring(eq + 1), spec));
        }
        return new ModuleLoad(text, Map.copyOf(sections));
    }

    private static long number(String s, String spec) {
        String t = s.trim().toLowerCase();
        try {
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' in '" + spec + "' is not an address (decimal or 0x hex)");
        }
    }

    /**
     * The sections with the addresses this load gives them. Unplaced sections keep address 0 and lose
     * SHF_ALLOC, so that no address is taken to lie in them.
     */
    List<SectionHeader> place(List<SectionHeader> in) {
        long[] address = regions.isEmpty() ? fromText(in) : fromRegions(in);
        List<SectionHeader> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            SectionHeader h = in.get(i);
            Long fixed = sections.get(h.name());
            out.add(fixed != null ? h.at(fixed) : address[i] != -1 ? h.at(address[i])
                    : (h.flags() & SectionHeader.SHF_ALLOC) != 0 ? h.unallocated() : h);
        }
        return out;
    }

    /** 6.1's core allocation placed so that .text lands at textAddress (-1: no address). */
    private long[] fromText(List<SectionHeader> in) {
        long[] offset = new long[in.size()];
        int[] group = new int[in.size()];
        layOut(in, false, true, offset, group);
        int text = -1;
        for (int i = 0; i < in.size() && text < 0; i++) if (in.get(i).name().equals(".text") && offset[i] >= 0) text = i;
        long base = textAddress - (text < 0 ? 0 : offset[text]);
        for (int i = 0; i < offset.length; i++) if (offset[i] >= 0) offset[i] += base; else offset[i] = -1;
        return offset;
    }

    /** Sections placed in the regions given (6.1 core/init or 6.4+ mem[] kinds); -1: no address. */
    private long[] fromRegions(List<SectionHeader> in) {
        long[] address = new long[in.size()];
        java.util.Arrays.fill(address, -1);
        for (boolean init : new boolean[] {false, true}) {
            Long whole = regions.get(init ? "init" : "core");
            long[] offset = new long[in.size()];
            int[] group = new int[in.size()];
            layOut(in, init, whole != null, offset, group);
            for (int i = 0; i < in.size(); i++) {
                if (offset[i] < 0) continue;
                String kind = (init ? INIT_REGIONS : CORE_REGIONS)[group[i]];
                Long base = whole != null ? whole : kind == null ? null : regions.get(kind);
                if (base != null) address[i] = base + offset[i];
            }
        }
        return address;
    }

    /**
     * Offsets of the (init or core) sections, group by group: in one allocation with page-aligned groups
     * (6.1), or each group from 0 in its own region (6.4+). offset -1: not in this layout.
     */
    private static void layOut(List<SectionHeader> in, boolean init, boolean oneAllocation, long[] offset, int[] group) {
        java.util.Arrays.fill(offset, -1);
        long size = 0;
        // Executable, read-only, ro_after_init, writable: (required flags, excluded flags) per group.
        long[][] groups = {{SHF_EXECINSTR, 0}, {0, SHF_WRITE}, {SHF_RO_AFTER_INIT, 0}, {SHF_WRITE, 0}};
        for (int g = 0; g < groups.length; g++) {
            if (!oneAllocation) size = 0;
            for (int i = 0; i < in.size(); i++) {
                SectionHeader h = in.get(i);
                long flags = loaderFlags(h);
                if (offset[i] >= 0 || (flags & SectionHeader.SHF_ALLOC) == 0 || (flags & groups[g][0]) != groups[g][0]
                        || (flags & groups[g][1]) != 0 || h.name().startsWith(".init") != init) continue;
                long align = Math.max(1, h.addrAlign());
                size = (size + align - 1) / align * align;
                offset[i] = size;
                group[i] = g;
                size += h.size();
            }
            if (oneAllocation) size = (size + PAGE - 1) / PAGE * PAGE;
        }
    }

    /** The flags the module loader lays a section out by, after its own adjustments. */
    private static long loaderFlags(SectionHeader h) {
        switch (h.name()) {
            case ".modinfo": case "__versions": case ".data..percpu": return h.flags() & ~SectionHeader.SHF_ALLOC;
            case ".data..ro_after_init": case "__jump_table": return h.flags() | SHF_RO_AFTER_INIT;
            default: return h.flags();
        }
    }

    /** A stable spelling for cache keys. */
    String key() {
        return "module@" + Long.toHexString(textAddress) + new java.util.TreeMap<>(sections)
                + (regions.isEmpty() ? "" : "regions" + new java.util.TreeMap<>(regions));
    }
}
