package org.mtrace.dwarf.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.mtrace.dwarf.describe.TypeModel;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.scope.VariablesAt;
import org.mtrace.dwarf.source.SourceLocator;

/**
 * The struct type an untyped allocation ({@code kmalloc-N}) probably holds, from the DWARF of its
 * allocation site, as DProf did (issue 16 item 4). The site is the return address of the allocator
 * call, so RAX there holds the call's result and nothing else:
 * <ol>
 * <li>{@link SiteType.How#VARIABLE}: a variable or parameter of the function or of one of its inlined
 * subroutines whose location at the site is {@code DW_OP_reg0} (RAX) and whose type is a pointer to
 * a struct or union: {@code s = kzalloc(sizeof(*s), ...)}; or, when none is, and the instruction at
 * the site copies RAX to another register ({@link ResultCopy}), a variable in RAX or that register
 * after the copy (gcc often starts the variable's location there);</li>
 * <li>{@link SiteType.How#RETURN_TYPE}: failing that, the innermost function of the inline chain at the
 * site that returns something other than {@code void *} returns a pointer to a struct or union
 * ({@code return kmalloc(sizeof(struct foo), ...)} in {@code struct foo *alloc_foo(void)}). This is
 * weaker (the result may be stored elsewhere and another pointer returned); the caller checks it
 * harder.</li>
 * </ol>
 * Thread-safe, memoised per site.
 */
public final class AllocationSites {
    /** {@code DW_OP_reg0}: the value is in register 0, RAX on x86-64. */
    private static final int OP_REG0 = 0x50;
    private static final SiteType NONE = new SiteType(null, 0, null, null);

    private final DwarfFile file;
    private final DwarfIndex index;
    private final TypeModel types;
    private final VariablesAt variables;
    private final ConcurrentHashMap<Long, SiteType> memo = new ConcurrentHashMap<>();

    public AllocationSites(DwarfFile file, DwarfIndex index, TypeModel types) {
        this.file = file;
        this.index = index;
        this.types = types;
        this.variables = new VariablesAt(file, types);
    }

    /** The inferred type at the return address {@code site} of an allocator call, or null. */
    public SiteType at(long site) {
        SiteType t = memo.get(site);
        if (t == null) {
            t = infer(site);
            memo.put(site, t == null ? NONE : t);
        }
        return t == NONE ? null : t;
    }

    private SiteType infer(long site) {
        DieOffset fn = index.functionAt(site);
        if (fn == null) return null;
        Die subprogram = file.die(fn);
        if (subprogram == null) return null;
        List<Die> found = new ArrayList<>();
        collectInRegister(subprogram, site, OP_REG0, found);
        if (found.isEmpty()) {
            int copy = ResultCopy.registerAfter(file.elf(), site);
            if (copy >= 0) { // the result is in both registers after the copy
                collectInRegister(subprogram, site + ResultCopy.LENGTH, OP_REG0, found);
                collectInRegister(subprogram, site + ResultCopy.LENGTH, OP_REG0 + copy, found);
            }
        }
        SiteType byVariable = null;
        for (Die v : found) {
            SiteType t = pointee(typeOf(v), SiteType.How.VARIABLE, name(v));
            if (t == null) continue;
            if (byVariable != null && !byVariable.type().equals(t.type())) return null; // two answers: none
            byVariable = byVariable == null ? t : byVariable;
        }
        if (byVariable != null) return byVariable;
        return byReturnType(subprogram, site);
    }

    /** Variables and parameters in scope at {@code site} whose location there is exactly {@code DW_OP_regN}. */
    private void collectInRegister(Die subprogram, long site, int regOp, List<Die> out) {
        variables.visit(subprogram, site, (v, expr) -> {
            if (expr.length == 1 && (expr[0] & 0xff) == regOp) out.add(v);
        });
    }

    /**
     * The return-type rule: walk the inline chain at the site from the innermost frame out, skipping
     * frames that return {@code void *} (the allocator's own inline wrappers: kmalloc, kzalloc); the
     * first other frame decides.
     */
    private SiteType byReturnType(Die subprogram, long site) {
        List<Die> chain = SourceLocator.inlineChain(subprogram, site);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Die f = chain.get(i);
            Die ret = typeOf(f);
            Die pointer = types.strip(ret);
            if (pointer != null && pointer.tag() == Tag.POINTER_TYPE && types.strip(types.typeOf(pointer)) == null) {
                continue; // void *: an allocator wrapper, look at its caller
            }
            return pointee(ret, SiteType.How.RETURN_TYPE, name(f));
        }
        return null;
    }

    /**
     * Whether a function of the inline chain at {@code site} returns a pointer to the struct or union
     * {@code type}: the site hands out objects of that type, whatever variable receives the
     * pointer ({@code mt_alloc_one} returns {@code struct maple_node *}, which its caller keeps in
     * a {@code struct maple_alloc *}, a view of the same node).
     */
    public boolean handsOut(long site, String type) {
        DieOffset fn = index.functionAt(site);
        Die subprogram = fn == null ? null : file.die(fn);
        if (subprogram == null) return false;
        for (Die f : SourceLocator.inlineChain(subprogram, site)) {
            SiteType t = pointee(typeOf(f), SiteType.How.RETURN_TYPE, name(f));
            if (t != null && t.type().equals(type)) return true;
        }
        return false;
    }

    /** {@code T *} with T a named struct or union (through typedefs and qualifiers) → T, else null. */
    private SiteType pointee(Die type, SiteType.How how, String from) {
        VariablesAt.Pointee p = variables.pointee(type);
        return p == null ? null : new SiteType(p.name(), p.size(), how, from);
    }

    private Die typeOf(Die d) {
        return variables.typeOf(d);
    }

    private String name(Die d) {
        return variables.name(d);
    }
}
