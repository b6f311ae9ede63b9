package org.mtrace.dwarf.alloc;

/**
 * The type an allocation site suggests for its object ({@link AllocationSites}).
 *
 * @param type the struct or union name (a typedef's name for an anonymous one), as {@code describe} spells it
 * @param size {@code sizeof} the type from DWARF (0 if the site only has a declaration)
 * @param how  which rule found it
 * @param from the variable or parameter (VARIABLE), or the function (RETURN_TYPE)
 */
public record SiteType(String type, long size, How how, String from) {

    /** Which rule of {@link AllocationSites} gave the type. */
    public enum How {
        /** A variable located in RAX at the call's return address. */
        VARIABLE("variable"),
        /** The return type of the function the allocation is made in. */
        RETURN_TYPE("return type");

        private final String label;

        How(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
