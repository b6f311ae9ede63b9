package org.mtrace.dwarf.insn;

/**
 * The explicit memory operand of an x86-64 instruction in its simplest form, {@code disp(%base)}:
 * the address is a register's value plus a constant. Only this form says which register held a
 * pointer to the accessed object and how far in the access is ({@link AccessTypes}).
 *
 * @param register     the base register as DWARF numbers it (SysV x86-64 psABI: 0 RAX, 1 RDX, 2 RCX,
 *                     3 RBX, 4 RSI, 5 RDI, 6 RBP, 7 RSP, 8-15 R8-R15)
 * @param displacement the signed displacement added to it
 */
public record MemoryOperand(int register, long displacement) {
    /** x86 register encoding 0-7 (rax rcx rdx rbx rsp rbp rsi rdi) to DWARF register numbers (SysV psABI). */
    private static final int[] DWARF_REG = {0, 2, 1, 3, 7, 6, 4, 5};

    /** The DWARF number of the general register the instruction encoding numbers {@code x86} (0-15). */
    public static int dwarfRegister(int x86) {
        return x86 < 8 ? DWARF_REG[x86] : x86;
    }
}
