package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.Tag;

/**
 * Whether a struct or union holds an object of another type at an offset: a member there of that
 * type, or a member of a member and so on, through arrays' elements, every member of a union and
 * anonymous members ({@code futex_hash_bucket} holds a {@code raw_spinlock} at 4: {@code lock}, a
 * {@code spinlock_t} whose anonymous union's {@code rlock} it is). Two objects an instruction's DWARF
 * places at one address are then one: the outer object and its field.
 *
 * <p>The inner type is named as the instruction's pointee is ({@code VariablesAt.aggregate}): by its
 * struct or union tag, or by the typedef naming an anonymous one ({@code atomic_t}); a member matches
 * when its type's DIE is the inner one's, or any name along its typedef chain or its tag is the name.
 */
public final class Nesting {
    /** Members followed down at most (a chain of ten is unheard of; this bounds a malformed loop). */
    private static final int MAX_DEPTH = 16;

    private final TypeModel types;

    public Nesting(TypeModel types) {
        this.types = types;
    }

    /**
     * Whether {@code outer} (a type DIE, typedefs and qualifiers allowed) holds an {@code inner} (named
     * {@code innerName}, its DIE {@code innerDie} if known, else null) {@code offset} bytes in; never
     * itself at 0.
     */
    public boolean holds(Die outer, long offset, String innerName, DieOffset innerDie) throws MissingAttributeException {
        return holds(types.strip(outer), offset, innerName, innerDie, 0);
    }

    private boolean holds(Die t, long offset, String innerName, DieOffset innerDie, int depth)
            throws MissingAttributeException {
        if (depth == MAX_DEPTH || t == null || !Tag.isAggregate(t.tag()) || !t.hasChildren()) {
            return false;
        }
        boolean union = t.tag() == Tag.UNION_TYPE;
        for (Die m : t.children()) {
            if (m.tag() != Tag.MEMBER || m.has(At.BIT_SIZE)) {
                continue;
            }
            long at = offset - types.memberOffset(m, union);
            Die type = types.typeOf(m);
            if (at < 0 || type == null || at >= types.sizeOf(type)) {
                continue;
            }
            boolean named = false;
            for (int i = 0; type != null && (Tag.isAlias(type.tag()) || type.tag() == Tag.ARRAY_TYPE) && i < MAX_DEPTH; i++) {
                if (type.tag() == Tag.ARRAY_TYPE) { // the element holding the offset
                    Die element = types.typeOf(type);
                    long size = element == null ? 0 : types.sizeOf(element);
                    if (size <= 0) {
                        type = null;
                        break;
                    }
                    at %= size;
                    named = false; // a name along the array's own typedefs names the array, not an element
                } else if (type.tag() == Tag.TYPEDEF && innerName.equals(type.name())) {
                    named = true;
                }
                type = types.typeOf(type);
            }
            if (type == null || !Tag.isAggregate(type.tag())) {
                continue;
            }
            if (at == 0 && (named || type.offset().equals(innerDie) || innerName.equals(type.name()))) {
                return true;
            }
            if (holds(type, at, innerName, innerDie, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
