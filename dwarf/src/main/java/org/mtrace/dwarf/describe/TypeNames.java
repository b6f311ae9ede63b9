package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.Tag;

/** C spellings of types and declarations ({@code char name[5]}, {@code void (*fn)(int)}), as gdb prints them. */
public final class TypeNames {
    private final TypeModel types;

    public TypeNames(TypeModel types) { this.types = types; }

    /** The declaration of {@code name} with type {@code t} (null: void). */
    public String declaration(Die t, String name) {
        return declare(t, name == null ? "" : name, 0).trim();
    }

    /** The type's own spelling ({@code struct list_head *}). */
    public String name(Die t) {
        return declaration(t, "");
    }

    private String declare(Die t, String decl, int depth) {
        if (t == null) return join("void", decl);
        if (depth > 32) return join("...", decl);
        switch (t.tag()) {
            case Tag.POINTER_TYPE: case Tag.REFERENCE_TYPE: case Tag.RVALUE_REFERENCE_TYPE: {
                String op = t.tag() == Tag.POINTER_TYPE ? "*" : t.tag() == Tag.REFERENCE_TYPE ? "&" : "&&";
                Die target = types.typeOf(t);
                boolean wrap = target != null && (target.tag() == Tag.ARRAY_TYPE || target.tag() == Tag.SUBROUTINE_TYPE);
                return declare(target, wrap ? "(" + op + decl + ")" : op + decl, depth + 1);
            }
            case Tag.CONST_TYPE: case Tag.VOLATILE_TYPE: case Tag.RESTRICT_TYPE: case Tag.ATOMIC_TYPE: {
                String q = t.tag() == Tag.CONST_TYPE ? "const" : t.tag() == Tag.VOLATILE_TYPE ? "volatile"
                        : t.tag() == Tag.RESTRICT_TYPE ? "restrict" : "_Atomic";
                Die target = types.typeOf(t);
                if (target != null && target.tag() == Tag.POINTER_TYPE) return declare(target, " " + q + " " + decl, depth + 1);
                return q + " " + declare(target, decl, depth + 1);
            }
            case Tag.ARRAY_TYPE: {
                StringBuilder dims = new StringBuilder();
                for (long n : types.dimensions(t)) dims.append('[').append(n == 0 ? "" : Long.toString(n)).append(']');
                return declare(types.typeOf(t), decl + dims, depth + 1);
            }
            case Tag.SUBROUTINE_TYPE: {
                StringBuilder params = new StringBuilder("(");
                boolean first = true;
                for (Die p : t.children()) {
                    if (!first) params.append(", ");
                    if (p.tag() == Tag.UNSPECIFIED_PARAMETERS) params.append("...");
                    else params.append(declare(types.typeOf(p), "", depth + 1).trim());
                    first = false;
                }
                if (first && t.flag(At.PROTOTYPED)) params.append("void");
                params.append(')');
                return declare(types.typeOf(t), decl + params, depth + 1);
            }
            default:
                return join(baseName(t), decl);
        }
    }

    private static String baseName(Die t) {
        String n = t.name();
        String kw = switch (t.tag()) {
            case Tag.STRUCTURE_TYPE -> "struct";
            case Tag.UNION_TYPE -> "union";
            case Tag.ENUMERATION_TYPE -> "enum";
            case Tag.CLASS_TYPE -> "class";
            default -> null;
        };
        if (kw == null) return n != null ? n : Tag.name(t.tag());
        return n != null ? kw + " " + n : kw + " {...}";
    }

    private static String join(String base, String decl) {
        return decl.isEmpty() ? base : base + " " + decl;
    }
}
