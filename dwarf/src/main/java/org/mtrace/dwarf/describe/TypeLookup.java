package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.index.TypeTable;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.read.Unit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Type name -> candidate type DIEs, in the order a description tries them. Accepts {@code struct X},
 * {@code union X}, {@code enum X}, {@code class X} (restricting the tag) and plain {@code X}; for a plain
 * name, struct/union/enum/base definitions come before typedefs (the original never found typedefs, so
 * this keeps its results where both exist). With a PC hint, definitions in the unit covering the PC come
 * first (ATTRIBUTION.md §2.1).
 */
public final class TypeLookup {
    /** Definitions in preference order: [0, plain) non-typedefs by DIE offset, then typedefs by DIE offset. */
    private record Candidates(int[] defs, int plain) {}

    private static final Candidates NONE = new Candidates(new int[0], 0);

    private final DwarfFile file;
    private final DwarfIndex index;
    private final ConcurrentHashMap<String, Candidates> byName = new ConcurrentHashMap<>();

    public TypeLookup(DwarfFile file, DwarfIndex index) {
        this.file = file;
        this.index = index;
    }

    /** Definitions of a spelled type name in preference order (DIE offsets); empty if none. */
    public int[] definitions(String spelled) {
        return candidates(spelled).defs();
    }

    private Candidates candidates(String spelled) {
        Candidates c = byName.get(spelled);
        return c != null ? c : byName.computeIfAbsent(spelled, this::compute);
    }

    /** The preferred definition, taking a PC hint (0: none) into account; -1 if none. */
    public int best(String spelled, long pcHint) {
        Candidates c = candidates(spelled);
        int[] defs = c.defs();
        if (defs.length == 0) return -1;
        if (pcHint != 0 && defs.length > 1) {
            int u = index.units.find(pcHint);
            if (u >= 0) {
                Unit unit = file.unit(u);
                int d = firstInUnit(defs, 0, c.plain(), unit);
                if (d < 0) d = firstInUnit(defs, c.plain(), defs.length, unit);
                if (d >= 0) return d;
            }
        }
        return defs[0];
    }

    private static int firstInUnit(int[] defs, int from, int to, Unit unit) {
        int i = java.util.Arrays.binarySearch(defs, from, to, unit.rootOffset());
        if (i < 0) i = -i - 1;
        return i < to && unit.containsGlobal(defs[i]) ? defs[i] : -1;
    }

    private Candidates compute(String spelled) {
        String name = spelled.trim();
        int want = 0;
        for (String[] p : new String[][] {{"struct ", "s"}, {"union ", "u"}, {"enum ", "e"}, {"class ", "c"}}) {
            if (name.startsWith(p[0])) {
                name = name.substring(p[0].length()).trim();
                want = p[1].charAt(0);
                break;
            }
        }
        TypeTable t = index.types;
        int id = t.id(name);
        if (id < 0) return NONE;
        int from = t.firstDefinition(id), to = t.endDefinition(id);
        int[] out = new int[to - from];
        int n = 0, plain = 0;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) plain = n;
            for (int i = from; i < to; i++) {
                int tag = t.tag(i);
                if (want != 0 && !matches(want, tag)) continue;
                boolean typedef = tag == Tag.TYPEDEF;
                if ((pass == 0) == typedef) continue;
                out[n++] = t.die(i);
            }
        }
        return new Candidates(java.util.Arrays.copyOf(out, n), plain);
    }

    private static boolean matches(int want, int tag) {
        switch (want) {
            case 's': case 'c': return tag == Tag.STRUCTURE_TYPE || tag == Tag.CLASS_TYPE;
            case 'u': return tag == Tag.UNION_TYPE;
            case 'e': return tag == Tag.ENUMERATION_TYPE;
            default: return true;
        }
    }
}
