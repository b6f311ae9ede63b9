package org.mtrace.dwarf.frame;

/**
 * The stack-frame slot an instruction that addresses memory as {@code disp(%rsp)} accesses
 * ({@link StackSlots}): the frame is that of the function executing the instruction.
 *
 * @param function   the function whose frame it is: the outermost DWARF subprogram containing the PC
 *                   (the out-of-line function, not an inlined callee), else the ELF symbol
 * @param inlined    the innermost inlined function at the PC when it differs from {@code function}
 *                   (whose code made the access), else null
 * @param cfaOffset  the slot's distance from the frame's canonical frame address (negative: inside
 *                   the frame), or {@link #UNKNOWN} when the call-frame information does not give the
 *                   CFA as {@code %rsp} plus a constant at the PC
 * @param variable   the local variable or parameter (of the function or an inlined callee, in scope at
 *                   the PC) whose stack location holds the slot, or null
 * @param path       the member path inside {@code variable} ({@code .last.name}, {@code [2]}, "" for
 *                   its first byte), or null without a variable
 * @param object     when {@code variable} is a named struct or union (through typedefs and
 *                   qualifiers): that type, and the slot's offset into the variable (a struct on the
 *                   stack, {@code struct wait_queue_entry wait} of {@code sk_wait_data}); else null
 */
public record StackSlot(String function, String inlined, long cfaOffset, String variable, String path,
        org.mtrace.dwarf.insn.ObjectAccess object) {
    /** {@link #cfaOffset} when the CFA is not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** A slot in no struct or union variable. */
    public StackSlot(String function, String inlined, long cfaOffset, String variable, String path) {
        this(function, inlined, cfaOffset, variable, path, null);
    }

    /** {@code frame of FUNC} or {@code frame of FUNC: var.path}. */
    public String render() {
        return render(function, variable == null ? null : variable + path);
    }

    /** {@code frame of FUNC}, or with the variable and its member path {@code frame of FUNC: var.path}. */
    public static String render(String function, String variableAndPath) {
        return variableAndPath == null ? "frame of " + function : "frame of " + function + ": " + variableAndPath;
    }
}
