package org.mtrace.mscan.kernel;

/**
 * What an address is, typed, as the kernel boundary answers it (issue 10 item 4): analyses group
 * by {@link #type} and {@link #field} and render {@link #text} only at the edge.
 *
 * @param form   how well the address is described (docs/report.md "form")
 * @param type   the struct type (heap object, typed array, struct page) or, for a static or
 *               per-CPU variable, the variable's name; null unless {@code form} is TYPED or NAME
 *               (then the label's name) or STACK (then the function whose frame holds the address)
 * @param field  the member path inside {@code type}, e.g. {@code d_lockref.count} or {@code [3].x};
 *               "" for the object itself; null unless TYPED, or STACK with a known variable (then
 *               the variable and its member path, {@code op.lookup_flags})
 * @param offset bytes from the start of the object or variable (TYPED, NAME); the address otherwise
 * @param text   the rendering mscan's other analyses print ({@code (*(dentry)0x...).d_flags},
 *               {@code kmalloc-64+0x10}, {@code +0xffff... (direct map, unlabelled)}, ...)
 */
public record AddressDescription(Form form, String type, String field, long offset, String text) {

    /** The forms, best first, with the names docs/report.md and its JSON use. */
    public enum Form {
        /** A struct type and field path: heap object, static or per-CPU variable, struct page. */
        TYPED("typed"),
        /**
         * A kernel stack address in the frame of a known function (issue 16 item 1): {@code type} is
         * the function, {@code field} the local variable and its member path ({@code op.lookup_flags})
         * or null when only the function is known.
         */
        STACK("stack frame"),
        /** A named kernel region or block purpose (page-table page, ...), no type. */
        REGION("region"),
        /** A label's name and offset, no type the image knows: {@code kmalloc-4k+0x21c}. */
        NAME("name"),
        /** A user-space address. */
        USER("user"),
        /** Nothing known. */
        NONE("none");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * For a STACK description, the frame as the text ends: {@code frame of FUNC} or {@code frame of
     * FUNC: var.path}; null otherwise.
     */
    public String frame() {
        return form == Form.STACK ? org.mtrace.dwarf.frame.StackSlot.render(type, field) : null;
    }

    /** {@code type.field} (or the type alone for the whole object), or null when not typed. */
    public String typeAndField() {
        if (form != Form.TYPED) {
            return null;
        }
        return field.isEmpty() ? type : field.startsWith("[") ? type + field : type + "." + field;
    }
}
