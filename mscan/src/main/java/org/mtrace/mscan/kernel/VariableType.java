package org.mtrace.mscan.kernel;

import java.util.List;

/**
 * The type of a static or per-CPU variable, for the report's data profile, where such a variable is
 * a row of its own ({@code runqueues}) and its layout is its type's.
 *
 * @param type        the type's C spelling: {@code struct rq}, {@code struct timer_base [2]}
 * @param size        {@code sizeof} the variable
 * @param members     the members of a struct, class or union type in layout order, as
 *                    {@link KernelInfo#members} gives them, or for an array of them one element's;
 *                    empty for any other type (a scalar, an array of scalars)
 * @param elementSize 0, or for an array of structs or unions the size of one element
 */
public record VariableType(String type, long size, List<Member> members, long elementSize) {

    /** A variable of a struct or union type (or another type, without members). */
    public VariableType(String type, long size, List<Member> members) {
        this(type, size, members, 0);
    }
}
