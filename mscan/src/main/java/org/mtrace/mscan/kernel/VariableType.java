package org.mtrace.mscan.kernel;

import java.util.List;

/**
 * The type of a static or per-CPU variable, for the report's data profile, where such a variable is
 * a row of its own ({@code runqueues}) and its layout is its type's.
 *
 * @param type    the type's C spelling: {@code struct rq}, {@code struct timer_base [2]}
 * @param size    {@code sizeof} the variable
 * @param members the members of a struct, class or union type in layout order, as
 *                {@link KernelInfo#members} gives them; empty for any other type (an array, a scalar)
 */
public record VariableType(String type, long size, List<Member> members) {
}
