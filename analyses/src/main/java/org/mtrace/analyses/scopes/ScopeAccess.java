package org.mtrace.analyses.scopes;

import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.calls.StackSnapshot;

/**
 * The physical access record one scope keeps for one address (MSCAN.md §6). Each scope owns its
 * records, so a later load of the same address overwrites the fields in place instead of
 * allocating a new record.
 */
final class ScopeAccess {
    /** The labelled object's name ("" for none; the label maps' one instance per name) and start. */
    String typeName = "";
    long base;
    /** Label-map generation {@link #typeName} and {@link #base} were looked up in (-1: not yet). */
    long labelGeneration = -1;
    long pc;
    int size;
    boolean write;
    StackSnapshot stack;

    PhysicalAccess toRecord(long address) {
        return new PhysicalAccess(typeName, base, address, pc, size, write, stack);
    }
}
