package org.mtrace.synth.kernel;

import java.util.List;
import org.mtrace.synth.encode.FixedString;

/**
 * A kernel struct type as the generator sees it: a name (what heap labels
 * carry), a size and the fields patterns touch. Offsets follow a 64-bit Linux
 * layout closely enough that neighbouring-field false sharing is real.
 */
public final class StructType {
    /** A field: byte offset within the struct and the width accesses to it use. */
    public record Field(String name, int offset, int width) {
    }

    private final String name;
    private final int size;
    private final List<Field> fields;
    private final FixedString label;

    public StructType(String name, int size, List<Field> fields) {
        this.name = name;
        this.size = size;
        this.fields = List.copyOf(fields);
        this.label = FixedString.terminated(name);
        for (Field f : fields) {
            if (f.offset() < 0 || f.offset() + f.width() > size) {
                throw new IllegalArgumentException(name + "." + f.name() + " lies outside the struct");
            }
        }
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The type name as a label string. */
    public FixedString label() {
        return label;
    }

    /** The field called {@code fieldName}; scenario set-up only, never per access. */
    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("struct " + name + " has no field " + fieldName);
    }
}
