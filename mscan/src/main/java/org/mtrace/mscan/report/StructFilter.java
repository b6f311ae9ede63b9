package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.VariableType;

/**
 * {@code --struct=NAME}: which rows of the data profile it selects. A heap object's row is named by
 * its struct type; a static or per-CPU variable's row by the variable, whose type decides too, so
 * {@code --struct=rq} finds the per-CPU {@code runqueues} (a {@code struct rq}) and
 * {@code --struct=timer_base} the per-CPU array {@code timer_bases}, as a developer who knows the
 * struct expects.
 */
final class StructFilter {
    private final String name;
    private final KernelInfo kernel;
    /** Per variable name: whether its type is the struct (asked once per variable). */
    private final Map<String, Boolean> variables = new HashMap<>();

    /**
     * @param name the option's value, or null (no filter: every row matches); {@code struct inode}
     *             or {@code union x} as {@code mdwarf layout} takes them are the tag's name
     */
    StructFilter(String name, KernelInfo kernel) {
        this.name = name == null ? null : name.replaceFirst("^(struct|union)\\s+", "");
        this.kernel = kernel;
    }

    /** Whether the row named {@code type} ({@code variable}: a variable's name) is selected. */
    boolean matches(String type, boolean variable) {
        if (name == null || type.equals(name)) {
            return true;
        }
        return variable && variables.computeIfAbsent(type, v -> {
            VariableType t = kernel.variableType(v);
            if (t == null) {
                return false;
            }
            // an array of structs by its element type: timer_bases, a struct timer_base [2]
            String declared = t.elementSize() > 0 ? t.type().replaceFirst(" ?\\[.*$", "") : t.type();
            return declared.equals("struct " + name) || declared.equals("union " + name) || declared.equals(name);
        });
    }

    /**
     * Whether the group {@code group} of the summary's untyped list is selected: memory no type
     * describes has no row in the data profile, but its lines are selected by the group's name, whole
     * or without its parenthesis ({@code kmalloc-4096}, {@code page-table page}, {@code pages} for
     * {@code pages (page-allocator blocks, purpose unknown)}), so the line table shows what code moves it.
     */
    boolean matchesUntyped(String group) {
        if (name == null) {
            return false; // no filter: the lines are ranked without a selection
        }
        // asked once per key of the walk: compared in place, no substring made
        return group.equals(name)
                || !name.isEmpty() && !name.contains(PAREN) && group.startsWith(name) && group.startsWith(PAREN, name.length());
    }

    /** Where an untyped group's name gives its parenthesis ({@code pages (page-allocator blocks, ...)}). */
    private static final String PAREN = " (";

    /**
     * The stderr line for a filter that selected no transfer: whether the image knows the name at
     * all (a misspelling) or the recording never moved it.
     */
    String nothingSelected() {
        boolean known = kernel.typeSize(name).isPresent() || kernel.variableType(name) != null;
        return "--struct=" + name + ": no transfers touch a struct, variable or untyped group of that name"
                + (!kernel.isImage() ? " (no kernel image: types need --kernel=ELF)"
                        : known ? " (the kernel image has it; the recording did not move it)"
                                : " (the kernel image has no type or variable of that name)");
    }
}
