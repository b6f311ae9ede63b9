package org.mtrace.analyses.scopes;

import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.labels.LabelObject;

/**
 * The physical access record one scope keeps for one address (MSCAN.md §6). Each scope owns its
 * records, so a later load of the same address overwrites the fields in place instead of
 * allocating a new record.
 */
final class ScopeAccess {
    LabelObject object;
    /** Label-map generation {@link #object} was looked up in (-1: not yet). */
    long labelGeneration = -1;
    long pc;
    int size;
    boolean write;
    StackSnapshot stack;

    PhysicalAccess toRecord(long address) {
        return new PhysicalAccess(object == null ? "" : object.name(), object == null ? 0 : object.start(), address,
                pc, size, write, stack);
    }
}
