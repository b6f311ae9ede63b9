package org.mtrace.mscan.kernel;

import java.util.Objects;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.mtrace.dwarf.frame.StackSlot;

/**
 * The stack frame the accesses of one stack address agree on (issue 16 item 1; each access proposes
 * the slot its instruction addresses through {@code %rsp}, {@link KernelInfo#stackSlot}): the first
 * proposal's function wins while every other one names the same function; two functions leave the
 * address without a frame (the stack memory served two frames over the recording, and a row does not
 * say which access was when). Proposals that agree on the function but not on the slot (variable,
 * distance from the CFA) keep the function only. Accesses without a proposal (another base register,
 * e.g. a callee writing its caller's local through a pointer) neither vote nor veto.
 */
public final class StackFrameVotes {
    private StackSlot first;
    private boolean conflict;
    private boolean slotsDiffer;
    private final LongArrayList pcs = new LongArrayList(2);

    /** Counts the proposal of the access at {@code pc} ({@code null}: it proposes nothing). */
    public void add(StackSlot s, long pc) {
        if (s == null || conflict) {
            return;
        }
        if (first == null) {
            first = s;
        } else if (!first.function().equals(s.function())) {
            conflict = true;
            first = null;
            pcs.clear();
            return;
        } else if (first.cfaOffset() != s.cfaOffset() || !Objects.equals(first.variable(), s.variable())
                || !Objects.equals(first.path(), s.path()) || !Objects.equals(first.inlined(), s.inlined())) {
            slotsDiffer = true;
        }
        pcs.add(pc);
    }

    /** The frame every proposing access named (without a variable when their slots differ), or null. */
    public StackSlot agreed() {
        if (first == null || !slotsDiffer) {
            return first;
        }
        return new StackSlot(first.function(), null, StackSlot.UNKNOWN, null, null);
    }

    /** The PCs whose proposals decided, in the order they were added (empty without an agreement). */
    public long[] pcs() {
        return pcs.toArray();
    }

    /** Whether two accesses proposed different functions. */
    public boolean conflicting() {
        return conflict;
    }
}
