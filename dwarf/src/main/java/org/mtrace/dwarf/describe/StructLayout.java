package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level layout of a structure, class or union: each member (and base class) with its byte offset,
 * bit position for bit-fields, size and C declaration, in declaration order, as {@code gdb ptype/o} and
 * pahole show it.
 */
public final class StructLayout {
    /**
     * One member; {@code bitSize} 0 for ordinary members, {@code bit} is the bit inside {@code offset}'s byte.
     * {@code name} is the member's name ("" for an anonymous member or a base class), {@code type} its
     * type's name, so callers need not take {@code declaration} apart.
     */
    public record Row(long offset, int bit, long size, int bitSize, String declaration, String name, String type) {
        public boolean isBitField() { return bitSize != 0; }

        /** First byte after the member (bit-fields: after their last bit). */
        public long end() {
            return bitSize != 0 ? offset + (bit + bitSize + 7) / 8 : offset + size;
        }
    }

    private final String title;
    private final long size;
    private final List<Row> rows;

    private StructLayout(String title, long size, List<Row> rows) {
        this.title = title;
        this.size = size;
        this.rows = rows;
    }

    public String title() { return title; }
    public long size() { return size; }
    public List<Row> rows() { return rows; }

    public static StructLayout of(TypeModel types, Die type) throws MissingAttributeException {
        TypeNames names = new TypeNames(types);
        Die t = types.strip(type);
        if (t == null || !Tag.isAggregate(t.tag()))
            return new StructLayout(names.name(type), types.sizeOf(type), List.of());
        boolean union = t.tag() == Tag.UNION_TYPE;
        List<Row> rows = new ArrayList<>();
        for (Die m : t.children()) {
            boolean base = m.tag() == Tag.INHERITANCE;
            if (m.tag() != Tag.MEMBER && !base) continue;
            if (m.flag(At.DECLARATION)) continue;
            Die mt = types.typeOf(m);
            long byteSize = m.has(At.BYTE_SIZE) ? m.constant(At.BYTE_SIZE) : types.sizeOf(mt);
            int bitSize = (int) m.constant(At.BIT_SIZE, 0);
            long bitPos = types.firstBit(m, union);
            String decl = base ? "<base> " + names.name(mt) : names.declaration(mt, m.name());
            if (bitSize != 0) decl += " : " + bitSize;
            String name = base || m.name() == null ? "" : m.name();
            rows.add(new Row(bitPos / 8, (int) (bitPos % 8), byteSize, bitSize, decl, name, names.name(mt)));
        }
        return new StructLayout(names.name(type), types.sizeOf(t), rows);
    }

    /** Text in gdb's {@code ptype/o} column style, with holes and 64-byte cache-line boundaries marked. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("/* offset      |    size */  type = ").append(title).append(" {\n");
        long end = 0;
        long nextLine = 64;
        for (Row r : rows) {
            if (r.offset() > end) {
                sb.append(String.format("/* XXX %2d-byte hole      */%n", r.offset() - end));
            }
            while (r.offset() >= nextLine) {
                sb.append(String.format("/* --- cacheline %d boundary (%d bytes) --- */%n", nextLine / 64, nextLine));
                nextLine += 64;
            }
            String pos = r.isBitField() ? String.format("%6d:%2d", r.offset(), r.bit()) : String.format("%6d   ", r.offset());
            sb.append(String.format("/* %s   |  %6d */    %s;%n", pos, r.size(), r.declaration()));
            end = Math.max(end, r.end());
        }
        if (size > end && !rows.isEmpty()) sb.append(String.format("/* XXX %2d-byte padding   */%n", size - end));
        sb.append(String.format("%n                               /* total size (bytes): %4d */%n", size));
        sb.append(String.format("                               /* cachelines: %d */%n", (size + 63) / 64));
        sb.append("                             }\n");
        return sb.toString();
    }
}
