package org.mtrace.dwarf.read;

/** DWARF DIE tags (DWARF 5 §7.5.3, table 7.3) that this reader gives a meaning to, plus their names. */
public final class Tag {
    private Tag() {}
    public static final int ARRAY_TYPE = 0x01, CLASS_TYPE = 0x02, ENUMERATION_TYPE = 0x04, FORMAL_PARAMETER = 0x05,
            LEXICAL_BLOCK = 0x0b,
            MEMBER = 0x0d, POINTER_TYPE = 0x0f, REFERENCE_TYPE = 0x10, COMPILE_UNIT = 0x11, STRING_TYPE = 0x12,
            STRUCTURE_TYPE = 0x13, SUBROUTINE_TYPE = 0x15, TYPEDEF = 0x16, UNION_TYPE = 0x17, UNSPECIFIED_PARAMETERS = 0x18, INHERITANCE = 0x1c,
            INLINED_SUBROUTINE = 0x1d, PTR_TO_MEMBER_TYPE = 0x1f, SET_TYPE = 0x20, SUBRANGE_TYPE = 0x21,
            BASE_TYPE = 0x24, CONST_TYPE = 0x26, FILE_TYPE = 0x29, PACKED_TYPE = 0x2d, SUBPROGRAM = 0x2e,
            VARIABLE = 0x34, VOLATILE_TYPE = 0x35, RESTRICT_TYPE = 0x37, INTERFACE_TYPE = 0x38, NAMESPACE = 0x39,
            UNSPECIFIED_TYPE = 0x3b, PARTIAL_UNIT = 0x3c, SHARED_TYPE = 0x40, TYPE_UNIT = 0x41,
            RVALUE_REFERENCE_TYPE = 0x42, ATOMIC_TYPE = 0x47, SKELETON_UNIT = 0x4a, IMMUTABLE_TYPE = 0x4b;

    private static final String[] NAMES = new String[0x4c];
    static {
        String[] n = {"", "array_type", "class_type", "entry_point", "enumeration_type", "formal_parameter", null,
                null, "imported_declaration", null, "label", "lexical_block", null, "member", null, "pointer_type",
                "reference_type", "compile_unit", "string_type", "structure_type", null, "subroutine_type",
                "typedef", "union_type", "unspecified_parameters", "variant", "common_block", "common_inclusion",
                "inheritance", "inlined_subroutine", "module", "ptr_to_member_type", "set_type", "subrange_type",
                "with_stmt", "access_declaration", "base_type", "catch_block", "const_type", "constant",
                "enumerator", "file_type", "friend", "namelist", "namelist_item", "packed_type", "subprogram",
                "template_type_parameter", "template_value_parameter", "thrown_type", "try_block", "variant_part",
                "variable", "volatile_type", "dwarf_procedure", "restrict_type", "interface_type", "namespace",
                "imported_module", "unspecified_type", "partial_unit", "imported_unit", null, "condition",
                "shared_type", "type_unit", "rvalue_reference_type", "template_alias", "coarray_type",
                "generic_subrange", "dynamic_type", "atomic_type", "call_site", "call_site_parameter",
                "skeleton_unit", "immutable_type"};
        System.arraycopy(n, 0, NAMES, 0, n.length);
    }

    /** {@code DW_TAG_xxx}, or {@code (DW_TAG)0x..} for a tag without a standard name (as libelfin prints it). */
    public static String name(int tag) {
        if (tag == 0x4109) return "DW_TAG_GNU_call_site";
        if (tag == 0x410a) return "DW_TAG_GNU_call_site_parameter";
        String n = tag >= 0 && tag < NAMES.length ? NAMES[tag] : null;
        return n != null ? "DW_TAG_" + n : "(DW_TAG)0x" + Integer.toHexString(tag);
    }

    /** Tags a type lookup by name may return (ATTRIBUTION.md §2.1 list, plus typedefs: the original's error fixed). */
    public static boolean isNamedType(int tag) {
        switch (tag) {
            case ARRAY_TYPE: case CLASS_TYPE: case ENUMERATION_TYPE: case POINTER_TYPE: case REFERENCE_TYPE:
            case STRING_TYPE: case STRUCTURE_TYPE: case SUBROUTINE_TYPE: case UNION_TYPE: case PTR_TO_MEMBER_TYPE:
            case SET_TYPE: case SUBRANGE_TYPE: case BASE_TYPE: case CONST_TYPE: case FILE_TYPE: case PACKED_TYPE:
            case VOLATILE_TYPE: case RESTRICT_TYPE: case INTERFACE_TYPE: case UNSPECIFIED_TYPE: case SHARED_TYPE:
            case RVALUE_REFERENCE_TYPE: case TYPEDEF:
                return true;
            default:
                return false;
        }
    }

    /** Type qualifiers and aliases that are peeled to reach the underlying type. */
    public static boolean isAlias(int tag) {
        return tag == TYPEDEF || tag == CONST_TYPE || tag == VOLATILE_TYPE || tag == RESTRICT_TYPE
                || tag == ATOMIC_TYPE || tag == IMMUTABLE_TYPE || tag == PACKED_TYPE || tag == SHARED_TYPE;
    }

    public static boolean isAggregate(int tag) {
        return tag == STRUCTURE_TYPE || tag == CLASS_TYPE || tag == UNION_TYPE;
    }
}
