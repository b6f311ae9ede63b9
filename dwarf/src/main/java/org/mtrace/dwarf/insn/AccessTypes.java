package org.mtrace.dwarf.insn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.mtrace.dwarf.describe.MissingAttributeException;
import org.mtrace.dwarf.describe.Nesting;
import org.mtrace.dwarf.describe.TypeModel;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.Cursor;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.scope.VariablesAt;

/**
 * The struct type of the object an instruction accesses, from the instruction and the DWARF of its
 * function, as perf's data-type profiling does (issue 16 item 4, the fallback when the allocation site
 * says nothing). The instruction's memory operand must be {@code disp(%reg)} ({@link X86Decoder}); a
 * variable or parameter in scope at the instruction (inlined subroutines included) must hold a
 * pointer to a struct T, located at that PC in {@code reg} ({@code DW_OP_regN}) or at a constant
 * distance from it ({@code DW_OP_bregN k; DW_OP_stack_value}: the variable is {@code reg + k}). Such a
 * variable points to the start of the accessed object when the access is {@code disp - k} bytes into
 * it: only then does T describe the object, and the caller must check that offset. Two variables
 * that qualify with different types give no answer, unless one begins with the other: a
 * {@code futex_hash_bucket *hb} and the {@code atomic_t *v} of its {@code waiters}, its first
 * member, both in one register, are the bucket. Thread-safe, memoised per PC.
 */
public final class AccessTypes {
    private static final int OP_REG0 = 0x50, OP_REG31 = 0x6f, OP_BREG0 = 0x70, OP_BREG31 = 0x8f, OP_REGX = 0x90,
            OP_BREGX = 0x92, OP_STACK_VALUE = 0x9f;
    private static final Candidate[] NONE = new Candidate[0];

    /** A pointer variable at the instruction whose value is {@code base register + k}. */
    private record Candidate(String type, long size, long k, String variable, long displacement, DieOffset die) {
        /** How far into its object the access is. */
        long offset() {
            return displacement - k;
        }
    }

    private final DwarfFile file;
    private final DwarfIndex index;
    private final VariablesAt variables;
    private final TypeModel types;
    private final Nesting nesting;
    private final ConcurrentHashMap<Long, Candidate[]> memo = new ConcurrentHashMap<>();

    public AccessTypes(DwarfFile file, DwarfIndex index, TypeModel types) {
        this.file = file;
        this.index = index;
        this.variables = new VariablesAt(file, types);
        this.types = types;
        this.nesting = new Nesting(types);
    }

    /**
     * The type of the object the instruction at {@code pc} accesses {@code offset} bytes into, when its
     * DWARF says the base register then points to the object's start; null otherwise.
     */
    public AccessedType at(long pc, long offset) {
        Candidate found = widest(memo.computeIfAbsent(pc, this::candidates), offset);
        return found == null ? null : new AccessedType(found.type, found.size, found.variable);
    }

    /**
     * Of the candidates whose objects the access is {@code offset} bytes into, the one whose type
     * begins with every other's ({@link Nesting}): the largest, and of two of one size the one that
     * begins with the other (a {@code raw_spinlock_t *lock} and the {@code atomic_t *v} of the atomic
     * helper inlined into its locking, 4 bytes each); null when there is none, or when one does not
     * begin with another (two views of one address that are not one object and its first member).
     */
    private Candidate widest(Candidate[] cs, long offset) {
        Candidate w = null;
        for (Candidate c : cs) {
            if (c.offset() == offset && (w == null || c.size > w.size)) w = c;
        }
        if (w == null) return null;
        for (Candidate c : cs) {
            if (c.offset() == offset && c.size == w.size && !c.type.equals(w.type) && begins(c, w)) w = c;
        }
        for (Candidate c : cs) {
            if (c.offset() == offset && !c.type.equals(w.type) && !begins(w, c)) return null;
        }
        return w;
    }

    /** Whether {@code outer}'s type has {@code inner}'s at its start ({@link Nesting}). */
    private boolean begins(Candidate outer, Candidate inner) {
        try {
            return nesting.holds(types.die(outer.die), 0, inner.type, inner.die);
        } catch (MissingAttributeException | RuntimeException e) {
            return false; // a member table the reader cannot follow says nothing
        }
    }

    /**
     * The object the instruction at {@code pc} accesses, wherever it lies: the type and the offset
     * into it ({@code disp - k}), or null when no variable qualifies. When several do, the outermost
     * object (of those starting furthest back, the one holding the others) is the answer if every other one lies inside it (an inlined helper's {@code &srv->st}
     * inside the caller's {@code srv}: the server, 16 bytes in, not its stats 8 bytes in), else null;
     * one that points past the start of what is accessed (container_of's member pointer) says nothing. For memory no label types (a
     * kernel stack, a per-CPU allocation): the accessed address less the offset is the object's start.
     */
    public ObjectAccess object(long pc) {
        Candidate[] cs = memo.computeIfAbsent(pc, this::candidates);
        long furthest = -1;
        for (Candidate c : cs) {
            furthest = Math.max(furthest, c.offset()); // one that points past what is accessed (container_of's member) says nothing
        }
        Candidate outer = furthest < 0 ? null : widest(cs, furthest);
        if (outer == null) return null;
        long outerOffset = outer.offset();
        for (Candidate c : cs) {
            long inside = outerOffset - c.offset(); // where c's object starts in the outer one
            if (c.offset() < 0 || inside == 0) continue; // (those starting where it starts: widest's)
            if (outer.size <= 0 || c.size <= 0 || inside + c.size > outer.size) return null;
        }
        return new ObjectAccess(new AccessedType(outer.type, outer.size, outer.variable), outerOffset);
    }

    private Candidate[] candidates(long pc) {
        DieOffset fn = index.functionAt(pc);
        if (fn == null) return NONE;
        Die subprogram = file.die(fn);
        MemoryOperand operand = subprogram == null ? null : X86Decoder.memoryOperand(X86Decoder.codeAt(file.elf(), pc));
        if (operand == null) return NONE;
        List<Candidate> out = new ArrayList<>();
        variables.visit(subprogram, pc, (v, expr) -> {
            long[] regAndK = registerPlusConstant(expr);
            if (regAndK == null || regAndK[0] != operand.register()) return;
            VariablesAt.Pointee p = variables.pointee(variables.typeOf(v));
            if (p != null) {
                out.add(new Candidate(p.name(), p.size(), regAndK[1], variables.name(v), operand.displacement(), p.die()));
            }
        });
        return out.isEmpty() ? NONE : out.toArray(NONE);
    }

    /**
     * {reg, k} when the location expression says the variable's value is register {@code reg} plus
     * {@code k}: {@code DW_OP_regN}, {@code DW_OP_regx N} (k = 0), {@code DW_OP_bregN k; DW_OP_stack_value}
     * or {@code DW_OP_bregx N k; DW_OP_stack_value}. Null for any other expression (a value in memory,
     * computed, or in pieces).
     */
    static long[] registerPlusConstant(byte[] expr) {
        if (expr.length == 0) return null;
        Cursor c = new Cursor(ByteBuffer.wrap(expr).order(ByteOrder.LITTLE_ENDIAN), 1);
        int op = expr[0] & 0xff;
        long reg, k = 0;
        boolean value = false;
        try {
            if (op >= OP_REG0 && op <= OP_REG31) {
                reg = op - OP_REG0;
            } else if (op == OP_REGX) {
                reg = c.uleb();
            } else if (op >= OP_BREG0 && op <= OP_BREG31) {
                reg = op - OP_BREG0;
                k = c.sleb();
                value = true;
            } else if (op == OP_BREGX) {
                reg = c.uleb();
                k = c.sleb();
                value = true;
            } else {
                return null;
            }
            if (value && (c.pos + 1 != expr.length || (expr[c.pos] & 0xff) != OP_STACK_VALUE)) return null;
            if (!value && c.pos != expr.length) return null;
        } catch (IndexOutOfBoundsException e) {
            return null; // a truncated operand: not this form
        }
        return new long[] {reg, k};
    }
}
