package org.mtrace.dwarf.describe;

import java.util.List;

/**
 * How a global variable is laid out, for a pahole-style view of it: its type's C spelling and size,
 * and the members of its struct or union type, or for an array of structs or unions the members of
 * one element ({@code timer_bases}: {@code struct timer_base [2]}, the members of a
 * {@code struct timer_base}).
 *
 * @param type        the variable's type as C spells it ({@code struct rq}, {@code struct timer_base [2]})
 * @param size        {@code sizeof} the variable
 * @param rows        the members of the type, or of one element; empty for other types
 * @param elementSize 0, or for an array of structs or unions the size of one element (the rows')
 */
public record VariableLayout(String type, long size, List<StructLayout.Row> rows, long elementSize) {
}
