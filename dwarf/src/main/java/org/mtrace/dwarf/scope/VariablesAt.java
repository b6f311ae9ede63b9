package org.mtrace.dwarf.scope;

import org.mtrace.dwarf.describe.TypeModel;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.LocationLists;
import org.mtrace.dwarf.read.Ranges;
import org.mtrace.dwarf.read.Tag;

/**
 * The variables and parameters of a function (its inlined subroutines and lexical blocks included)
 * that have a location at one PC, with the location expression that applies there; and the struct
 * type a pointer-typed one points to. Shared by the two ways of guessing an untyped object's type
 * (issue 16 item 4): the allocation site ({@code org.mtrace.dwarf.alloc.AllocationSites}) and the
 * accessing instruction ({@code org.mtrace.dwarf.insn.AccessTypes}).
 */
public final class VariablesAt {
    private static final int MAX_DEPTH = 64;

    /** Receives a variable or parameter DIE and its location expression at the PC. */
    public interface Visitor {
        void visit(Die variable, byte[] expression);
    }

    /** A named struct or union, its {@code sizeof} (0 when the DWARF only declares it) and its DIE. */
    public record Pointee(String name, long size, DieOffset die) {
    }

    private final DwarfFile file;
    private final TypeModel types;
    private final LocationLists locations;

    public VariablesAt(DwarfFile file, TypeModel types) {
        this.file = file;
        this.types = types;
        this.locations = new LocationLists(file);
    }

    /**
     * Every variable and parameter under {@code subprogram} with a location at {@code pc}. A list
     * entry covering the PC is enough (gcc emits entries only where the variable lives); a single
     * expression counts only when every enclosing scope contains the PC.
     */
    public void visit(Die subprogram, long pc, Visitor v) {
        visit(subprogram, pc, true, v, 0);
    }

    private void visit(Die scope, long pc, boolean scopeHasPc, Visitor v, int depth) {
        if (!scope.hasChildren() || depth > MAX_DEPTH) return;
        for (Die c : scope.children()) {
            int tag = c.tag();
            if (tag == Tag.VARIABLE || tag == Tag.FORMAL_PARAMETER) {
                if (!LocationLists.isList(c) && !scopeHasPc) continue;
                byte[] expr = locations.expressionAt(c, pc);
                if (expr != null) v.visit(c, expr);
            } else if (tag == Tag.INLINED_SUBROUTINE || tag == Tag.LEXICAL_BLOCK) {
                visit(c, pc, scopeHasPc && contains(c, pc, tag == Tag.LEXICAL_BLOCK), v, depth + 1);
            }
        }
    }

    /** Whether the DIE's ranges contain the PC; a lexical block without ranges encloses what its parent does. */
    private static boolean contains(Die d, long pc, boolean rangesOptional) {
        boolean[] hit = {false};
        boolean any = Ranges.of(d, (lo, hi) -> {
            if (Long.compareUnsigned(lo, pc) <= 0 && Long.compareUnsigned(pc, hi) < 0) hit[0] = true;
        });
        return hit[0] || (rangesOptional && !any);
    }

    /** {@code T *} with T a named struct or union (through typedefs and qualifiers) → T, else null. */
    public Pointee pointee(Die type) {
        Die pointer = types.strip(type);
        if (pointer == null || pointer.tag() != Tag.POINTER_TYPE) return null;
        return aggregate(types.typeOf(pointer));
    }

    /** A named struct or union (through typedefs and qualifiers) → its name and size, else null. */
    public Pointee aggregate(Die type) {
        Die target = type;
        String name = null;
        for (int i = 0; target != null && Tag.isAlias(target.tag()) && i < MAX_DEPTH; i++) {
            if (target.tag() == Tag.TYPEDEF && name == null) name = target.name();
            target = types.typeOf(target);
        }
        if (target == null || !Tag.isAggregate(target.tag())) return null;
        if (target.name() != null) name = target.name();
        if (name == null) return null;
        return new Pointee(name, types.sizeOf(target), target.offset());
    }

    /** {@code DW_AT_type}, following {@code DW_AT_abstract_origin} (inlined and out-of-line instances). */
    public Die typeOf(Die d) {
        for (int i = 0; d != null && i < 8; i++) {
            if (d.has(At.TYPE)) return types.typeOf(d);
            d = origin(d);
        }
        return null;
    }

    /** The DIE's name, from its abstract origin or specification when it has none itself; "?" if none. */
    public String name(Die d) {
        for (int i = 0; d != null && i < 8; i++) {
            String n = d.name();
            if (n != null) return n;
            d = origin(d);
        }
        return "?";
    }

    private Die origin(Die d) {
        DieOffset origin = d.origin();
        return origin == null ? null : file.die(origin);
    }
}
