package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;

/**
 * Address -> static or per-CPU variable with the field path inside it ({@code var.field[i]}), from the
 * variables' DWARF types. A variable's name and type may sit on the declaration its definition points to.
 */
public final class VariableLookup {
    private final TypeModel types;
    private final OffsetPath paths;
    private final DwarfIndex index;

    public VariableLookup(TypeModel types, OffsetPath paths, DwarfIndex index) {
        this.types = types;
        this.paths = paths;
        this.index = index;
    }

    /** {@code name} + path of the variable containing addr, or null if no DWARF variable covers it. */
    public String describe(long addr) {
        VariablePath v = at(addr);
        return v == null ? null : v.render();
    }

    /** The variable containing addr and the path inside it, or null if no DWARF variable covers it. */
    public VariablePath at(long addr) {
        int i = index.variableAtOrBelow(addr);
        for (int k = 0; i >= 0 && k < 8; i--, k++) {
            long start = index.varAddr[i];
            Die var = types.die(index.variableDie(i));
            Die type = attributeOwner(var, At.TYPE) == null ? null : types.typeOf(attributeOwner(var, At.TYPE));
            long size = Math.max(1, types.sizeOf(type));
            long off = addr - start;
            if (Long.compareUnsigned(off, size) >= 0) continue;
            Die named = attributeOwner(var, At.NAME);
            if (named == null) continue;
            String name = named.name();
            try {
                return type == null ? VariablePath.untyped(name, off) : new VariablePath(name, paths.of(type, off), true);
            } catch (MissingAttributeException e) {
                return VariablePath.symbol(name, off);
            }
        }
        return null;
    }

    /** The DIE carrying an attribute, following specification / abstract_origin links; null if none does. */
    private Die attributeOwner(Die d, int attr) {
        for (int i = 0; d != null && i < 8; i++) {
            if (d.has(attr)) return d;
            DieOffset next = d.has(At.SPECIFICATION) ? d.ref(At.SPECIFICATION) : d.ref(At.ABSTRACT_ORIGIN);
            d = next == null ? null : types.die(next);
        }
        return null;
    }
}
