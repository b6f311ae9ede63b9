package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.Tag;

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
        Found f = find(addr);
        if (f == null) return null;
        try {
            return f.type == null ? VariablePath.untyped(f.name, f.offset)
                    : new VariablePath(f.name, paths.of(f.type, f.offset), true);
        } catch (MissingAttributeException e) {
            return VariablePath.symbol(f.name, f.offset);
        }
    }

    /** The layout of the variable that starts at {@code addr}, or null if no typed DWARF variable starts there. */
    public VariableLayout layoutAt(long addr) throws MissingAttributeException {
        Found f = find(addr);
        if (f == null || f.type == null || f.offset != 0) return null;
        StructLayout own = StructLayout.of(types, f.type);
        Die t = types.strip(f.type);
        if (t != null && t.tag() == Tag.ARRAY_TYPE) {
            Die element = types.typeOf(t);
            Die e = element == null ? null : types.strip(element);
            if (e != null && Tag.isAggregate(e.tag())) {
                return new VariableLayout(own.title(), own.size(), StructLayout.of(types, element).rows(),
                        types.sizeOf(element));
            }
        }
        return new VariableLayout(own.title(), own.size(), own.rows(), 0);
    }

    /** A named variable covering an address: its name, type (null: none) and the address's offset in it. */
    private record Found(String name, Die type, long offset) {}

    private Found find(long addr) {
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
            return new Found(named.name(), type, off);
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
