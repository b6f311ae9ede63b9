package org.mtrace.dwarf.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.mtrace.dwarf.describe.MissingAttributeException;
import org.mtrace.dwarf.describe.OffsetPath;
import org.mtrace.dwarf.describe.TypeModel;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.MemoryOperand;
import org.mtrace.dwarf.insn.ObjectAccess;
import org.mtrace.dwarf.insn.X86Decoder;
import org.mtrace.dwarf.read.Cursor;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.scope.VariablesAt;
import org.mtrace.dwarf.source.Frame;

/**
 * Which function's frame, and which local variable in it, a stack access belongs to, from the accessing
 * instruction alone (issue 16 item 1; the log has no stack pointer). An instruction whose memory operand
 * is {@code disp(%rsp)} ({@link X86Decoder}) accesses the frame of the function executing it, at
 * {@code disp} bytes above its stack pointer, and so do {@code push}, {@code pop} and {@code ret}
 * ({@link X86Decoder#implicitStackOperand}: the register save area and the return address; a direct
 * call's return address is in the callee's frame), and {@code leave} where {@code %rbp} is the frame
 * pointer; the call-frame information ({@link CallFrameInfo}) says
 * where that is relative to the frame's CFA, and a variable whose location at the PC is
 * {@code DW_OP_fbreg k} (frame base {@code DW_OP_call_frame_cfa} or {@code DW_OP_breg7 k'}) or
 * {@code DW_OP_breg7 k} occupies {@code [start, start + sizeof)} of it. {@code disp(%rbp)} counts
 * only where the call-frame information gives the CFA as {@code %rbp} plus a constant at the PC: the
 * function set {@code %rbp} up as its frame pointer there (Debian's ORC kernels do so only in
 * functions that realign their stack; {@code -fno-omit-frame-pointer} code everywhere after the
 * prologue). Any other register may point into another frame and is not used. The answer depends on the PC only, so
 * it is memoised per PC. Thread-safe.
 */
public final class StackSlots {
    /** DWARF register numbers (SysV x86-64 psABI). */
    private static final int RBP = 6, RSP = 7;
    private static final int OP_BREG0 = 0x70, OP_FBREG = 0x91, OP_CALL_FRAME_CFA = 0x9c;
    private static final int AT_FRAME_BASE = 0x40;
    /**
     * The kernel's return thunk: with the retbleed mitigation off (QEMU's CPUs), {@code apply_returns}
     * rewrites each {@code jmp __x86_return_thunk} into {@code ret} at boot, so the log shows the ret's
     * access at the jmp's PC.
     */
    private static final String RETURN_THUNK = "__x86_return_thunk";
    /** The kernel's retpolines, {@code call __x86_indirect_thunk_rax} etc. */
    private static final String INDIRECT_THUNK = "__x86_indirect_thunk";
    private static final long UNKNOWN = StackSlot.UNKNOWN;
    /** Memoised "no slot at this PC". */
    private static final StackSlot NONE = new StackSlot("", null, UNKNOWN, null, null);

    private final DwarfFile file;
    private final DwarfIndex index;
    private final TypeModel types;
    private final OffsetPath paths;
    private final VariablesAt variables;
    private final CallFrameInfo cfi;
    private final LongFunction<List<Frame>> frames;
    private final ConcurrentHashMap<Long, StackSlot> memo = new ConcurrentHashMap<>();

    /**
     * @param frames the inline frames at a PC, innermost first (the image's memoised addr2line), whose
     *               outermost names the function
     */
    public StackSlots(DwarfFile file, DwarfIndex index, TypeModel types, OffsetPath paths,
            LongFunction<List<Frame>> frames) {
        this.file = file;
        this.index = index;
        this.types = types;
        this.paths = paths;
        this.variables = new VariablesAt(file, types);
        this.cfi = CallFrameInfo.of(file.elf());
        this.frames = frames;
    }

    /** The slot the instruction at {@code pc} accesses, or null when it does not address memory through {@code %rsp}. */
    public StackSlot at(long pc) {
        StackSlot s = memo.computeIfAbsent(pc, this::compute);
        return s == NONE ? null : s;
    }

    private StackSlot compute(long pc) {
        byte[] code = X86Decoder.codeAt(file.elf(), pc);
        long callee = X86Decoder.relativeTarget(code, pc, X86Decoder.CALL_REL32);
        if (callee != pc) return returnAddressOf(callee);
        MemoryOperand op = X86Decoder.memoryOperand(code);
        // push, pop, leave and ret touch the register save area and the return address, never a
        // variable; and in the prologue and epilogue %rsp is not where a DW_OP_breg7 location assumes it
        boolean explicit = op != null;
        if (op == null) op = X86Decoder.implicitStackOperand(code);
        if (op == null && RETURN_THUNK.equals(outermost(X86Decoder.relativeTarget(code, pc, X86Decoder.JMP_REL32)))) {
            op = new MemoryOperand(RSP, 0); // patched into a ret at boot: reads the return address
        }
        if (op == null || X86Decoder.pushesOrPopsMemory(code)) return NONE; // two slots, or one after %rsp moved
        int base = op.register();
        CallFrameInfo.Rule rule = cfi == null ? null : cfi.cfaAt(pc);
        boolean framePointer = base == RBP && rule != null && rule.register() == RBP;
        if (base != RSP && !framePointer) return NONE; // any other register may point into another frame
        String outer = outermost(pc);
        if (outer == null) return NONE; // no symbol: nothing to name
        String inner = frames.apply(pc).get(0).function();
        String inlined = inner != null && !inner.equals(outer) ? inner : null;
        long cfaFromBase = rule != null && rule.register() == base ? rule.offset() : UNKNOWN;
        long slot = op.displacement();
        if (cfaFromBase != UNKNOWN && slot >= cfaFromBase) {
            return NONE; // at or above the CFA: the caller's outgoing arguments, not this frame
        }
        Variable variable = explicit ? variable(pc, base, slot, cfaFromBase) : null;
        return new StackSlot(outer, inlined, cfaFromBase == UNKNOWN ? UNKNOWN : slot - cfaFromBase,
                variable == null ? null : variable.name, variable == null ? null : variable.path,
                variable == null ? null : variable.object);
    }

    /** A variable holding a slot: its name, the slot's member path and, for a struct or union, the slot in it. */
    private record Variable(String name, String path, ObjectAccess object) {
    }

    /**
     * A direct call writes its return address at {@code -8(%rsp)}, which is the callee's CFA - 8: the
     * callee's frame. Calls of a retpoline thunk ({@code __x86_indirect_thunk_*}, patched at boot into
     * an indirect call) have no known callee.
     */
    private StackSlot returnAddressOf(long callee) {
        String name = outermost(callee);
        if (name == null || name.startsWith(INDIRECT_THUNK)) return NONE;
        return new StackSlot(name, null, -8, null, null);
    }

    /** The outermost function at {@code pc}, or null. */
    private String outermost(long pc) {
        List<Frame> fs = frames.apply(pc);
        return fs.get(fs.size() - 1).function();
    }

    /**
     * The one variable in scope at {@code pc} whose stack location holds the byte {@code slot} bytes
     * above register {@code base}; null when none does or two different ones do (scopes that share a
     * slot).
     */
    private Variable variable(long pc, int base, long slot, long cfaFromBase) {
        DieOffset fn = index.functionAt(pc);
        Die subprogram = fn == null ? null : file.die(fn);
        if (subprogram == null) return null;
        long frameBase = frameBase(subprogram, base, cfaFromBase);
        Variable[] found = {null};
        boolean[] ambiguous = {false};
        variables.visit(subprogram, pc, (v, expr) -> {
            long start = startFromBase(expr, base, frameBase);
            if (start == UNKNOWN || slot < start) return;
            Die type = variables.typeOf(v);
            long size = type == null ? 0 : types.sizeOf(type);
            if (slot - start >= size) return;
            String path;
            try {
                path = paths.of(type, slot - start);
            } catch (MissingAttributeException e) {
                return;
            }
            VariablesAt.Pointee aggregate = variables.aggregate(type);
            Variable here = new Variable(variables.name(v), path, aggregate == null ? null
                    : new ObjectAccess(new AccessedType(aggregate.name(), aggregate.size(), variables.name(v)), slot - start));
            if (found[0] != null && !found[0].equals(here)) ambiguous[0] = true;
            found[0] = here;
        });
        return ambiguous[0] ? null : found[0];
    }

    /** The subprogram's frame base as a distance above register {@code base} at the PC, or {@link #UNKNOWN}. */
    private long frameBase(Die subprogram, int base, long cfaFromBase) {
        int[] blk = subprogram.block(AT_FRAME_BASE);
        if (blk == null) return UNKNOWN;
        byte[] expr = new byte[blk[1]];
        subprogram.unit.buf.get(blk[0], expr);
        if (expr.length == 1 && (expr[0] & 0xff) == OP_CALL_FRAME_CFA) return cfaFromBase;
        return (expr.length > 0 && (expr[0] & 0xff) == OP_BREG0 + base) ? singleOperand(expr) : UNKNOWN;
    }

    /**
     * Where a variable's location ({@code DW_OP_fbreg k}, {@code DW_OP_breg<base> k}) puts it, as a
     * distance above register {@code base}, or {@link #UNKNOWN}.
     */
    private static long startFromBase(byte[] expr, int base, long frameBase) {
        if (expr.length == 0) return UNKNOWN;
        int op = expr[0] & 0xff;
        if (op == OP_BREG0 + base) return singleOperand(expr);
        if (op != OP_FBREG || frameBase == UNKNOWN) return UNKNOWN;
        long k = singleOperand(expr);
        return k == UNKNOWN ? UNKNOWN : frameBase + k;
    }

    /** The SLEB128 operand of a one-operation expression ({@code DW_OP_fbreg k}, {@code DW_OP_breg7 k}), or {@link #UNKNOWN}. */
    private static long singleOperand(byte[] expr) {
        Cursor c = new Cursor(ByteBuffer.wrap(expr).order(ByteOrder.LITTLE_ENDIAN), 1);
        try {
            long k = c.sleb();
            return c.pos == expr.length ? k : UNKNOWN; // more operations: a computed location
        } catch (IndexOutOfBoundsException e) {
            return UNKNOWN; // truncated
        }
    }
}
