package org.mtrace.mscan.kernel;

import org.mtrace.dwarf.insn.AccessedType;

/**
 * The type the accesses of one untyped heap object agree on ({@link InstructionHeapType} proposes one
 * per access): the first proposal wins while every other one names the same type; two different
 * types leave the object untyped, since at least one of them would be wrong and nothing says which.
 * Accesses without a proposal (a register that does not hold the object's start, an instruction the
 * decoder rejects) neither vote nor veto.
 */
public final class AccessVotes {
    private AccessedType agreed;
    private boolean conflict;
    private long pc;

    /** Counts the proposal of the access at {@code pc} ({@code null}: it proposes nothing). */
    public void add(AccessedType t, long pc) {
        if (t == null || conflict) {
            return;
        }
        if (agreed == null) {
            agreed = t;
            this.pc = pc;
        } else if (!agreed.type().equals(t.type())) {
            conflict = true;
            agreed = null;
        }
    }

    /** The type every proposing access named, or null (no proposal, or a conflict). */
    public AccessedType agreed() {
        return agreed;
    }

    /** The PC of the first access that proposed the agreed type (where its name is looked up). */
    public long pc() {
        return pc;
    }

    /** Whether two accesses proposed different types. */
    public boolean conflicting() {
        return conflict;
    }
}
