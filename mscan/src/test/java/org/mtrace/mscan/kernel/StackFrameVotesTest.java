package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.frame.StackSlot;

/**
 * The frame a stack address's accesses agree on (issue 16 item 1, {@link StackFrameVotes}) and the
 * description it gives. The kernel is a stand-in ({@link FixedKernelInfo}): at {@code OP_PC} and
 * {@code OP_PC2} do_sys_openat2 accesses its local {@code op} through %rsp (the same slot, and another
 * one), at {@code OTHER_PC} another function its own frame; {@code POINTER_PC} has no %rsp operand.
 */
class StackFrameVotesTest {
    private static final long OP_PC = 0xffffffff81347085L, OP_PC2 = 0xffffffff8134708eL,
            SAME_PC = 0xffffffff813470a2L, OTHER_PC = 0xffffffff812e3695L, POINTER_PC = 0xffffffff81000010L;
    private static final long BASE = 0xffffc90000a38000L;

    private static Attribution attribution() {
        return new KernelAttribution(FixedKernelInfo.empty()
                .stackSlotAt(OP_PC, new StackSlot("do_sys_openat2", null, -60, "op", ".open_flag"))
                .stackSlotAt(SAME_PC, new StackSlot("do_sys_openat2", null, -60, "op", ".open_flag"))
                .stackSlotAt(OP_PC2, new StackSlot("do_sys_openat2", null, -52, "op", ".acc_mode"))
                .stackSlotAt(OTHER_PC, new StackSlot("get_page_from_freelist", null, -8, null, null)));
    }

    @Test
    void agreeingAccessesNameFunctionAndVariableAndThePcsThatDecided() {
        Attribution a = attribution();
        StackFrameVotes v = new StackFrameVotes();
        v.add(a.stackSlot(OP_PC), OP_PC);
        v.add(a.stackSlot(POINTER_PC), POINTER_PC); // through another register: abstains
        v.add(a.stackSlot(SAME_PC), SAME_PC);
        assertArrayEquals(new long[] {OP_PC, SAME_PC}, v.pcs());
        AddressDescription d = a.describeStack("stack of 812 (rm)", BASE, 0x3f28, v);
        assertEquals(AddressDescription.Form.STACK, d.form());
        assertEquals("do_sys_openat2", d.type());
        assertEquals("op.open_flag", d.field());
        assertEquals("stack of 812 (rm)+0x3f28, frame of do_sys_openat2: op.open_flag", d.text());
        assertEquals(d.text(), a.describeStack("stack of 812 (rm)", BASE, 0x3f28, OP_PC, POINTER_PC, SAME_PC).text());
    }

    @Test
    void slotsOfOneFunctionThatDifferKeepTheFunctionOnly() {
        Attribution a = attribution();
        AddressDescription d = a.describeStack("stack of 812 (rm)", BASE, 0x3f28, OP_PC, OP_PC2);
        assertEquals("stack of 812 (rm)+0x3f28, frame of do_sys_openat2", d.text());
        assertNull(d.field());
    }

    @Test
    void twoFunctionsGiveNoFrameWhateverComesLater() {
        Attribution a = attribution();
        StackFrameVotes v = new StackFrameVotes();
        v.add(a.stackSlot(OP_PC), OP_PC);
        v.add(a.stackSlot(OTHER_PC), OTHER_PC);
        v.add(a.stackSlot(SAME_PC), SAME_PC);
        assertTrue(v.conflicting());
        assertNull(v.agreed());
        assertEquals(0, v.pcs().length);
        assertNull(a.describeStack("stack of 812 (rm)", BASE, 0x3f28, v));
        assertNull(a.describeStack("stack of 812 (rm)", BASE, 0x3f28, POINTER_PC), "no proposal: no frame");
    }
}
