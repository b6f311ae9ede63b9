package org.mtrace.dwarf.insn;

/**
 * What an accessing instruction's DWARF says of the object it accesses, wherever that object lies
 * ({@link AccessTypes#object}): its type, and how far into it the access is, so that the object's
 * start is the accessed address less {@code offset}.
 *
 * @param type   the object's type and the variable that points to its start
 * @param offset the accessed byte's offset from the object's start
 */
public record ObjectAccess(AccessedType type, long offset) {
}
