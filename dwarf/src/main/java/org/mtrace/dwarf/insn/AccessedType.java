package org.mtrace.dwarf.insn;

/**
 * The struct type an accessing instruction's DWARF gives the object it accesses ({@link AccessTypes}).
 *
 * @param type     the struct or union name (a typedef's name for an anonymous one), as {@code describe} spells it
 * @param size     {@code sizeof} the type (0 if the DWARF at the instruction only has a declaration)
 * @param variable the variable or parameter that points to the object's start there
 */
public record AccessedType(String type, long size, String variable) {
}
