package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.insn.MemoryOperand;
import org.mtrace.dwarf.insn.X86Decoder;

/**
 * The memory operand decoder against objdump: every instruction of an assembled fixture is decoded
 * from the bytes objdump prints, and the expectation is objdump's own operand text. A plain
 * {@code disp(%r64)} operand must come out as (DWARF register, displacement); anything else (index
 * register, RIP-relative, absolute, FS/GS, 32-bit addressing, no memory operand) as none, and so
 * must the forms the decoder rejects on purpose: LEA and NOP (no access), BT* with a register bit
 * number (may access another word), group 15 (XSAVE, CLFLUSH: a save area), VEX, XOP and x87.
 */
class X86DecoderTest {
    /** objdump -d --insn-width=16: address, raw bytes, mnemonic, operands. */
    private static final Pattern LINE = Pattern.compile("^\\s+[0-9a-f]+:\\t((?:[0-9a-f]{2} )+)[ ]*\\t((?:lock |rep )?\\S+)[ ]*([^\\n]*)$",
            Pattern.MULTILINE);
    private static final Pattern PLAIN = Pattern.compile("(?:^|,)\\*?(-?0x[0-9a-f]+)?\\(%(r(?!ip)\\w+)\\)(?:,|$|\\s)");
    /** SysV x86-64 psABI, DWARF register number mapping (figure 3.36). */
    private static final Map<String, Integer> DWARF = Map.ofEntries(Map.entry("rax", 0), Map.entry("rdx", 1),
            Map.entry("rcx", 2), Map.entry("rbx", 3), Map.entry("rsi", 4), Map.entry("rdi", 5), Map.entry("rbp", 6),
            Map.entry("rsp", 7), Map.entry("r8", 8), Map.entry("r9", 9), Map.entry("r10", 10), Map.entry("r11", 11),
            Map.entry("r12", 12), Map.entry("r13", 13), Map.entry("r14", 14), Map.entry("r15", 15));

    @Test
    void everyInstructionAsObjdumpReadsIt() {
        Path obj = Fixtures.build("x86operands.s", "gcc", "-c");
        Matcher m = LINE.matcher(Fixtures.run("objdump", "-d", "--insn-width=16", obj.toString()));
        int instructions = 0, plain = 0;
        while (m.find()) {
            String[] hex = m.group(1).trim().split(" ");
            byte[] code = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                code[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            String mnemonic = m.group(2), operands = m.group(3).replaceAll("\\s+#.*", "");
            String what = mnemonic + " " + operands;
            instructions++;
            MemoryOperand got = X86Decoder.memoryOperand(code);
            Matcher p = PLAIN.matcher(operands);
            if (!p.find() || rejectedOnPurpose(mnemonic, operands)) {
                assertNull(got, what);
                continue;
            }
            plain++;
            long disp = p.group(1) == null ? 0 : Long.decode(p.group(1));
            assertEquals(new MemoryOperand(DWARF.get(p.group(2)), disp), got, what);
        }
        assertEquals(72, instructions, "instructions in the fixture");
        assertEquals(48, plain, "plain disp(%base) accesses the decoder must read");
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] full = {0x48, (byte) 0x8b, (byte) 0x87, 0x10, 0x20, 0x00, 0x00}; // mov 0x2010(%rdi),%rax
        assertEquals(new MemoryOperand(5, 0x2010), X86Decoder.memoryOperand(full));
        for (int n = 0; n < full.length; n++) {
            assertNull(X86Decoder.memoryOperand(Arrays.copyOf(full, n)), n + " bytes");
        }
    }

    private static boolean rejectedOnPurpose(String mnemonic, String operands) {
        String op = mnemonic.startsWith("lock ") ? mnemonic.substring(5) : mnemonic;
        return op.startsWith("lea") || op.startsWith("nop") || op.startsWith("v") || op.startsWith("f")
                || (op.matches("bt[src]?[wlq]?") && operands.startsWith("%"))
                || op.matches("clflush.*|xsave.*|xrstor.*"); // group 15: a save area, not one operand
    }
}
