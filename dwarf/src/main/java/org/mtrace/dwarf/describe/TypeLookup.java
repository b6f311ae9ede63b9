package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.index.TypeTable;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.read.Unit;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type name -> candidate type DIEs, in the order a description tries them. Accepts {@code struct X},
 * {@code union X}, {@code enum X}, {@code class X} (restricting the tag) and plain {@code X}; for a plain
 * name, struct/union/enum/base definitions come before typedefs (the original never found typedefs, so
 * this keeps its results where both exist). With a PC hint, definitions in the unit covering the PC come
 * first (ATTRIBUTION.md §2.1).
 */
public final class TypeLookup {
    /**
     * Definitions in preference order: [0, plain) non-typedefs by DIE offset, then typedefs by DIE offset;
     * {@code global} holds the same offsets as ints for the binary search by unit.
     */
    private record Candidates(List<DieOffset> defs, int[] global, int plain) {
        Candidates(DieOffset[] defs, int plain) {
            this(List.of(defs), Arrays.stream(defs).mapToInt(DieOffset::global).toArray(), plain);
        }
    }

    private static final Candidates NONE = new Candidates(new DieOffset[0], 0);

    private final DwarfFile file;
    private final DwarfIndex index;
    private final ConcurrentHashMap<String, Candidates> byName = new ConcurrentHashMap<>();

    public TypeLookup(DwarfFile file, DwarfIndex index) {
        this.file = file;
        this.index = index;
    }

    /** Definitions of a spelled type name in preference order; empty if none. */
    public List<DieOffset> definitions(String spelled) {
        return candidates(spelled).defs();
    }

    private Candidates candidates(String spelled) {
        Candidates c = byName.get(spelled);
        return c != null ? c : byName.computeIfAbsent(spelled, this::compute);
    }

    /** The preferred definition, taking a PC hint (0: none) into account; null if none. */
    public DieOffset best(String spelled, long pcHint) {
        Candidates c = candidates(spelled);
        List<DieOffset> defs = c.defs();
        if (defs.isEmpty()) return null;
        if (pcHint != 0 && defs.size() > 1) {
            int u = index.units.find(pcHint);
            if (u >= 0) {
                Unit unit = file.unit(u);
                DieOffset d = firstInUnit(c, 0, c.plain(), unit);
                if (d == null) d = firstInUnit(c, c.plain(), defs.size(), unit);
                if (d != null) return d;
            }
        }
        return defs.get(0);
    }

    /** The first of candidates [from, to) inside the unit, or null. */
    private static DieOffset firstInUnit(Candidates c, int from, int to, Unit unit) {
        int i = Arrays.binarySearch(c.global(), from, to, unit.rootOffset().global());
        if (i < 0) i = -i - 1;
        return i < to && unit.contains(c.defs().get(i)) ? c.defs().get(i) : null;
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
        DieOffset[] out = new DieOffset[to - from];
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
        return new Candidates(Arrays.copyOf(out, n), plain);
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
