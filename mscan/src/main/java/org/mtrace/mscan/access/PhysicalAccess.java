package org.mtrace.mscan.access;

import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;

/**
 * The original's "physical access" record (MSCAN.md §6): the labelled object (name and start, or
 * "" and 0), the address, PC, size, whether it writes, and optionally the call stack.
 * Records order by address only ({@link #compareTo}).
 */
public record PhysicalAccess(String typeName, long base, long address, long pc, int size, boolean isWrite,
        StackSnapshot stack) implements Comparable<PhysicalAccess> {

    /**
     * Receives a physical access's fields, in the record's order, where a hot path keeps them
     * without building the record (check-testcases' access sets store them in columns).
     */
    @FunctionalInterface
    public interface Fields<R> {
        R accept(String typeName, long base, long address, long pc, int size, boolean isWrite, StackSnapshot stack);
    }

    /**
     * Builds the record for the current access entry.
     *
     * @param withStack attach CallTrace {@code current(cpu)} (all-sharing and cache-assoc do not)
     */
    public static PhysicalAccess of(AccessView a, int cpu, TraceState state, boolean withStack) {
        return read(a, cpu, state, withStack, PhysicalAccess::new);
    }

    /** The fields {@link #of} puts in the record of the current access entry, handed to {@code to}. */
    public static <R> R read(AccessView a, int cpu, TraceState state, boolean withStack, Fields<R> to) {
        long addr = a.guestAddr();
        Labels labels = state.labels();
        int o = labels.labelAt(addr);
        boolean none = o == LabelMaps.NO_LABEL;
        return to.accept(none ? "" : labels.labelName(o), none ? 0 : labels.labelStart(o), addr, a.pc(),
                a.bytes() & 0xff, a.accessType() != AccessType.LD.code(),
                withStack ? state.calls().current(cpu) : null);
    }

    public long end() {
        return address + size;
    }

    /**
     * A copy covering [from, to), empty (size 0) if {@code to <= from} (unsigned). The size is
     * not truncated: the original stored it in 8 bits, so merged ranges over 255 bytes wrapped
     * (MSCAN.md, a bug fixed here); sizes beyond {@code int} saturate.
     */
    public PhysicalAccess trimmed(long from, long to) {
        int s = Long.compareUnsigned(to, from) > 0 ? (int) Math.min(to - from, Integer.MAX_VALUE) : 0;
        return new PhysicalAccess(typeName, base, from, pc, s, isWrite, stack);
    }

    @Override
    public int compareTo(PhysicalAccess o) {
        return Long.compareUnsigned(address, o.address);
    }
}
