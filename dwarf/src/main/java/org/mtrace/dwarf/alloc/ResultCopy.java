package org.mtrace.dwarf.alloc;

import java.util.OptionalLong;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.insn.MemoryOperand;

/**
 * Recognises the x86-64 instruction {@code mov %rax,%reg} (REX.W or REX.WB, opcode 0x89, ModRM with
 * mod 3 and reg RAX) at a call's return address: compilers move a call's result into a callee-saved
 * register there, and the variable that holds it is then located in that register, not in RAX.
 */
final class ResultCopy {
    /** The instruction's length: REX prefix, opcode, ModRM. */
    static final int LENGTH = 3;
    private static final int REX_W = 0x48, REX_WB = 0x49, MOV_RM_R = 0x89;

    private ResultCopy() {
    }

    /**
     * The DWARF number of the register {@code mov %rax,%reg} at {@code pc} copies into, or -1 when the
     * instruction there is something else (or the file holds no bytes for that address).
     */
    static int registerAfter(ElfImage elf, long pc) {
        OptionalLong code = elf.initialU64(pc);
        if (code.isEmpty()) return -1;
        long bytes = code.getAsLong(); // little-endian: the first byte is the lowest
        int rex = (int) (bytes & 0xff), op = (int) (bytes >>> 8 & 0xff), modrm = (int) (bytes >>> 16 & 0xff);
        if ((rex != REX_W && rex != REX_WB) || op != MOV_RM_R || (modrm & 0xf8) != 0xc0) return -1;
        int rm = modrm & 7;
        return rex == REX_WB ? 8 + rm : rm == 0 ? -1 : MemoryOperand.dwarfRegister(rm);
    }
}
