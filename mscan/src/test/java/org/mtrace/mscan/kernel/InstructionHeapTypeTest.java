package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.insn.AccessedType;

/**
 * Types from accessing instructions (issue 16 item 4, the fallback): the bucket check per access,
 * the agreement of an object's accesses ({@link AccessVotes}) and the description it gives. The
 * kernel is a stand-in ({@link FixedKernelInfo}) whose instruction at {@code CONN_PC} reads a 40-byte
 * {@code struct conn} 8 bytes in, at {@code OTHER_PC} a {@code struct other} at its start.
 */
class InstructionHeapTypeTest {
    private static final long CONN_PC = 0xffffffff81000010L, OTHER_PC = 0xffffffff81000020L, BASE = 0xffff888000001000L;

    private static Attribution attribution() {
        return new KernelAttribution(FixedKernelInfo.empty()
                .type("conn", off -> off < 40 ? (off == 8 ? ".state" : ".id") : "+0x" + Long.toHexString(off))
                .accessAt(CONN_PC, 8, new AccessedType("conn", 40, "c"))
                .accessAt(OTHER_PC, 0, new AccessedType("other", 8, "o")));
    }

    @Test
    void anAccessProposesItsTypeWhenItFitsTheBucket() {
        Attribution a = attribution();
        assertEquals("conn", a.instructionType("kmalloc-64", 8, CONN_PC).type());
        assertEquals("conn", a.instructionType("kmalloc-cg-1k", 8, CONN_PC).type(), "an array or a flexible tail");
        assertNull(a.instructionType("kmalloc-32", 8, CONN_PC), "40 bytes do not fit in 32");
        assertNull(a.instructionType("kmalloc-64", 16, CONN_PC), "the register does not hold the start there");
        assertNull(a.instructionType("radix_tree_node", 8, CONN_PC), "not a kmalloc cache");
    }

    @Test
    void agreeingAccessesTypeTheObjectAndDescribeItsFields() {
        Attribution a = attribution();
        AccessVotes v = new AccessVotes();
        v.add(null, 0x1234); // an access that proposes nothing neither votes nor vetoes
        v.add(a.instructionType("kmalloc-64", 8, CONN_PC), CONN_PC);
        v.add(a.instructionType("kmalloc-64", 8, CONN_PC), CONN_PC);
        assertEquals("conn", v.agreed().type());
        assertEquals(CONN_PC, v.pc());
        AddressDescription d = a.describeByInstruction("kmalloc-64", BASE, 0, v);
        assertEquals(AddressDescription.Form.TYPED, d.form());
        assertEquals("conn.id", d.typeAndField());
        assertEquals("(*(conn)0xffff888000001000).id (kmalloc-64, type inferred from accessing instruction)", d.text());
        assertNull(a.describeByInstruction("kmalloc-64", BASE, 48, v), "past sizeof(conn): no field, no type");
    }

    @Test
    void twoTypesLeaveTheObjectUntyped() {
        Attribution a = attribution();
        AccessVotes v = new AccessVotes();
        v.add(a.instructionType("kmalloc-64", 8, CONN_PC), CONN_PC);
        v.add(a.instructionType("kmalloc-64", 0, OTHER_PC), OTHER_PC);
        v.add(a.instructionType("kmalloc-64", 8, CONN_PC), CONN_PC); // a later agreement does not undo it
        assertTrue(v.conflicting());
        assertNull(v.agreed());
        assertNull(a.describeByInstruction("kmalloc-64", BASE, 8, v));
    }
}
