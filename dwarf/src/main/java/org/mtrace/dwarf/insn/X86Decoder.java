package org.mtrace.dwarf.insn;

import java.nio.ByteBuffer;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.elf.SectionHeader;

/**
 * Finds the memory operand of one x86-64 instruction, as far as {@link AccessTypes} needs it: legacy
 * prefixes, REX, the opcode (one byte, {@code 0F xx}, {@code 0F 38 xx}, {@code 0F 3A xx}), ModRM, SIB
 * and displacement (Intel SDM vol. 2, chapter 2). Whatever it does not understand it rejects rather
 * than guesses: an opcode not known to take a ModRM memory operand, VEX/EVEX, {@code FS}/{@code GS}
 * segments (per-CPU and TLS addresses are not register + displacement), 32-bit addressing, an index
 * register, RIP-relative or absolute addresses, {@code LEA} (computes an address, accesses nothing),
 * XOP, and the instructions whose accesses need not start at the operand (listed with the opcodes).
 */
public final class X86Decoder {
    /** The longest x86 instruction. */
    public static final int MAX_LENGTH = 15;
    private static final int REX_B = 1, REX_X = 2;
    /** DWARF's numbers of %rbp and %rsp. */
    private static final int RBP = 6, RSP = 7;

    private X86Decoder() {
    }

    /** Up to {@link #MAX_LENGTH} bytes of code at {@code pc} (fewer at the section's end, none outside code). */
    public static byte[] codeAt(ElfImage elf, long pc) {
        int i = elf.sectionIndexAt(pc);
        if (i < 0 || !elf.isExecutable(i)) return new byte[0];
        SectionHeader h = elf.sections().get(i);
        ByteBuffer contents = h.type() == SectionHeader.SHT_NOBITS ? null : elf.section(h.name());
        if (contents == null) return new byte[0];
        long at = pc - h.addr();
        byte[] out = new byte[(int) Math.max(0, Math.min(MAX_LENGTH, contents.limit() - at))];
        contents.get((int) at, out);
        return out;
    }

    /**
     * The {@code disp(%base)} memory operand of the instruction that starts at {@code code[0]}, or null
     * (rejected, or the bytes end first).
     */
    public static MemoryOperand memoryOperand(byte[] code) {
        int i = 0;
        while (i < code.length && isLegacyPrefix(code[i] & 0xff)) {
            int p = code[i] & 0xff;
            if (p == 0x64 || p == 0x65 || p == 0x67) return null; // FS/GS segment, 32-bit addressing
            i++;
        }
        int rex = 0;
        if (i < code.length && (code[i] & 0xf0) == 0x40) rex = code[i++] & 0x0f;
        if (i >= code.length) return null;
        int op = code[i++] & 0xff;
        if (op == 0x0f) {
            if (i >= code.length) return null;
            int op2 = code[i++] & 0xff;
            if (op2 == 0x38 || op2 == 0x3a) { // three-byte maps: every opcode there takes ModRM
                if (i >= code.length) return null;
                i++;
            } else if (!twoByteHasMemoryModRm(op2)) {
                return null;
            }
        } else if (!oneByteHasMemoryModRm(op)) {
            return null;
        } else if (op == 0x8f && (i >= code.length || (code[i] & 0x38) != 0)) {
            return null; // only 8F /0 is POP r/m; other ModRM.reg values are AMD's XOP prefix
        }
        return modRm(code, i, rex);
    }

    /**
     * The stack slot a PUSH, POP, LEAVE or RET at {@code code[0]} accesses without a memory operand, relative to
     * {@code %rsp} before it executes: {@code push %reg}, {@code push $imm} and {@code pushf} write
     * {@code -8(%rsp)}; {@code pop %reg}, {@code popf} and {@code ret} read {@code 0(%rsp)}, {@code leave}
     * reads {@code 0(%rbp)}. Null for any other instruction, and with an operand-size prefix (a 2-byte push).
     */
    public static MemoryOperand implicitStackOperand(byte[] code) {
        int i = 0;
        if (i < code.length && (code[i] & 0xf0) == 0x40) i++; // REX.B: %r8-%r15
        if (i >= code.length) return null;
        int op = code[i] & 0xff;
        if ((op >= 0x50 && op <= 0x57) || op == 0x68 || op == 0x6a || op == 0x9c) {
            return new MemoryOperand(RSP, -8);
        }
        if ((op >= 0x58 && op <= 0x5f) || op == 0x9d || op == 0xc3 || op == 0xc2) {
            return new MemoryOperand(RSP, 0);
        }
        return op == 0xc9 ? new MemoryOperand(RBP, 0) : null; // leave: mov %rbp,%rsp; pop %rbp
    }

    /** Opcodes of {@link #relativeTarget}. */
    public static final int CALL_REL32 = 0xe8, JMP_REL32 = 0xe9;

    /**
     * The target of the {@code call rel32} or {@code jmp rel32} ({@code opcode}) at {@code pc}, or
     * {@code pc} itself when the instruction is something else.
     */
    public static long relativeTarget(byte[] code, long pc, int opcode) {
        if (code.length < 5 || (code[0] & 0xff) != opcode) return pc;
        int rel = (code[1] & 0xff) | (code[2] & 0xff) << 8 | (code[3] & 0xff) << 16 | code[4] << 24;
        return pc + 5 + rel;
    }

    /**
     * Whether the instruction is {@code push m} ({@code FF /6}) or {@code pop m} ({@code 8F /0}): it
     * accesses its operand and the stack, and pop computes the operand's address after {@code %rsp} moved.
     */
    public static boolean pushesOrPopsMemory(byte[] code) {
        int i = 0;
        while (i < code.length && isLegacyPrefix(code[i] & 0xff)) i++;
        if (i < code.length && (code[i] & 0xf0) == 0x40) i++;
        if (i + 1 >= code.length) return false;
        int op = code[i] & 0xff, reg = (code[i + 1] >> 3) & 7;
        return (op == 0xff && reg == 6) || (op == 0x8f && reg == 0);
    }

    private static MemoryOperand modRm(byte[] code, int i, int rex) {
        if (i >= code.length) return null;
        int modrm = code[i++] & 0xff;
        int mod = modrm >>> 6, rm = modrm & 7;
        if (mod == 3) return null; // a register operand
        int base;
        if (rm == 4) { // a SIB byte follows
            if (i >= code.length) return null;
            int sib = code[i++] & 0xff;
            int index = (sib >>> 3 & 7) | ((rex & REX_X) != 0 ? 8 : 0);
            if (index != 4) return null; // base + index * scale: the base need not point at the object
            if ((sib & 7) == 5 && mod == 0) return null; // no base: an absolute disp32
            base = (sib & 7) | ((rex & REX_B) != 0 ? 8 : 0);
        } else {
            if (rm == 5 && mod == 0) return null; // RIP-relative
            base = rm | ((rex & REX_B) != 0 ? 8 : 0);
        }
        long disp;
        if (mod == 1) {
            if (i >= code.length) return null;
            disp = code[i];
        } else if (mod == 2) {
            if (i + 4 > code.length) return null;
            disp = (code[i] & 0xff) | (code[i + 1] & 0xff) << 8 | (code[i + 2] & 0xff) << 16 | code[i + 3] << 24;
        } else {
            disp = 0;
        }
        return new MemoryOperand(MemoryOperand.dwarfRegister(base), disp);
    }

    /** Operand-size, address-size, LOCK, REP/REPNE and segment prefixes. */
    private static boolean isLegacyPrefix(int b) {
        return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3
                || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
    }

    /**
     * One-byte opcodes whose ModRM r/m operand, when it is memory, is accessed: the ALU operations
     * ({@code 00-3B} except the accumulator/immediate forms), MOVSXD, IMUL, the immediate groups
     * {@code 80 81 83}, TEST, XCHG, MOV ({@code 88-8C 8E}), POP r/m, shifts ({@code C0 C1 D0-D3}), MOV
     * immediate ({@code C6 C7}) and groups 3, 4, 5 ({@code F6 F7 FE FF}). Not {@code 8D} (LEA), not
     * {@code 62 C4 C5} (EVEX, VEX) nor x87.
     */
    private static boolean oneByteHasMemoryModRm(int op) {
        if (op < 0x40) return (op & 7) < 4; // 0F (escape) was handled by the caller
        return switch (op) {
            case 0x63, 0x69, 0x6b, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e,
                    0x8f, 0xc0, 0xc1, 0xc6, 0xc7, 0xd0, 0xd1, 0xd2, 0xd3, 0xf6, 0xf7, 0xfe, 0xff -> true;
            default -> false;
        };
    }

    /**
     * {@code 0F xx} opcodes with a ModRM memory operand that the kernel's integer code uses: SSE moves
     * ({@code 10-17 28-2F}), prefetches ({@code 0D 18}), CMOVcc, SETcc, the bit tests with an immediate
     * bit number ({@code BA}), CMPXCHG, MOVZX, MOVSX, BSF/BSR, XADD, SHLD/SHRD, IMUL and group 9
     * (CMPXCHG8B/16B). Not BT/BTS/BTR/BTC with a register bit number ({@code A3 AB B3 BB}): that
     * number may move the access to another word than the operand's; nor group 15 ({@code AE}:
     * XSAVE, FXSAVE, CLFLUSH ...), whose accesses may lie anywhere in a save area past the operand.
     */
    private static boolean twoByteHasMemoryModRm(int op) {
        return (op >= 0x10 && op <= 0x18) || (op >= 0x28 && op <= 0x2f) || (op >= 0x40 && op <= 0x4f)
                || (op >= 0x90 && op <= 0x9f) || op == 0x0d
                || switch (op) {
                    case 0xa4, 0xa5, 0xac, 0xad, 0xaf, 0xb0, 0xb1, 0xb6, 0xb7, 0xba, 0xbc, 0xbd, 0xbe, 0xbf,
                            0xc0, 0xc1, 0xc7 -> true;
                    default -> false;
                };
    }
}
