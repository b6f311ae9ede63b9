package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Cursor;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Form;
import org.mtrace.dwarf.read.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type facts derived from DIEs and memoised by DIE offset: sizes, the member table of a structure
 * (inherited members included, at their true offsets), array dimensions. Thread-safe.
 */
public final class TypeModel {
    private static final int DW_OP_PLUS_UCONST = 0x23, DW_OP_CONSTU = 0x10;

    private final DwarfFile file;
    private final ConcurrentHashMap<DieOffset, Long> sizes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DieOffset, Members> members = new ConcurrentHashMap<>();

    public TypeModel(DwarfFile file) { this.file = file; }

    public DwarfFile file() { return file; }

    public Die die(DieOffset offset) {
        Die d = file.die(offset);
        if (d == null) throw file.unitAt(offset) == null
                ? new DwarfException(file.name(), "DIE reference " + offset + " outside .debug_info")
                : file.unitAt(offset).error("DIE reference " + offset + " is a null entry");
        return resolveDeclaration(d);
    }

    /**
     * A DIE that names a type unit ({@code DW_AT_signature}) stands for that unit's type, whether or not it
     * also says {@code DW_AT_declaration} (gcc 12's DWARF 5 stubs do not).
     */
    private Die resolveDeclaration(Die d) {
        if (d.has(At.SIGNATURE)) {
            DieOffset target = d.ref(At.SIGNATURE);
            Die t = target != null ? file.die(target) : null;
            if (t != null) return t;
        }
        return d;
    }

    /** The DIE a {@code DW_AT_type} refers to, or null for void / absent. */
    public Die typeOf(Die d) {
        DieOffset t = d.ref(At.TYPE);
        return t == null ? null : die(t);
    }

    /** Peels typedefs and qualifiers; null for void. */
    public Die strip(Die d) {
        for (int i = 0; d != null && Tag.isAlias(d.tag()) && i < 64; i++) d = typeOf(d);
        return d;
    }

    /**
     * Byte size of a type (ATTRIBUTION.md §2.7 with the original's array undercount fixed: a dimension has
     * {@code DW_AT_count} or upper - lower + 1 elements; a flexible array has 0).
     */
    public long sizeOf(Die d) {
        return sizeOf(d, 0);
    }

    private long sizeOf(Die d, int depth) {
        if (d == null) return 0;
        Long s = sizes.get(d.offset());
        if (s == null) {
            s = computeSize(d, depth);
            sizes.put(d.offset(), s);
        }
        return s;
    }

    private long computeSize(Die d, int depth) {
        if (depth > 64) return 0; // a type cycle in corrupt data
        if (d.has(At.BYTE_SIZE) && d.isConstant(At.BYTE_SIZE)) return d.constant(At.BYTE_SIZE);
        int tag = d.tag();
        if (Tag.isAlias(tag)) {
            Die t = typeOf(d);
            return t == null ? 0 : sizeOf(t, depth + 1);
        }
        if (tag == Tag.POINTER_TYPE || tag == Tag.REFERENCE_TYPE || tag == Tag.RVALUE_REFERENCE_TYPE)
            return d.unit.addrSize;
        if (tag == Tag.ARRAY_TYPE) {
            long elem = d.has(At.BYTE_STRIDE) ? d.constant(At.BYTE_STRIDE) : sizeOf(typeOf(d), depth + 1);
            long n = 1;
            for (long c : dimensions(d)) n *= c;
            return elem * n;
        }
        return 0;
    }

    /** Element counts of an array DIE's dimensions, outermost first (0 for a flexible or unknown bound). */
    public long[] dimensions(Die array) {
        List<Die> kids = array.children();
        long[] out = new long[kids.size()];
        int n = 0;
        for (Die sub : kids) {
            if (sub.tag() != Tag.SUBRANGE_TYPE && sub.tag() != Tag.ENUMERATION_TYPE) continue;
            long count = 0;
            if (sub.has(At.COUNT) && sub.isConstant(At.COUNT)) count = sub.constant(At.COUNT);
            else if (sub.has(At.UPPER_BOUND) && sub.isConstant(At.UPPER_BOUND)) {
                long lower = sub.has(At.LOWER_BOUND) && sub.isConstant(At.LOWER_BOUND) ? sub.constant(At.LOWER_BOUND) : 0;
                long upper = sub.constant(At.UPPER_BOUND);
                // gcc encodes the bound of a zero-length array as all ones in the form's width.
                count = upper < lower || upper == 0xffffffffL || upper == 0xffffL || upper == 0xffL ? 0 : upper - lower + 1;
            }
            out[n++] = count;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** A structure's members keyed by byte offset, inherited members included. */
    public record Members(long[] keys, DieOffset[] dies) {}

    /**
     * The member table of a structure or class, in offset order; for equal offsets only the last member in
     * declaration order is kept (several bit-fields in one storage unit: the last is reported, as in the
     * original). Base classes contribute their members at the base's offset, accumulated across levels.
     */
    public Members members(Die struct) throws MissingAttributeException {
        Members m = members.get(struct.offset());
        if (m != null) return m;
        List<long[]> rows = new ArrayList<>();
        collect(struct, 0, rows, 0);
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
        long[] keys = new long[rows.size()];
        DieOffset[] dies = new DieOffset[rows.size()];
        int n = 0;
        for (long[] r : rows) {
            if (n > 0 && keys[n - 1] == r[0]) n--; // later member at the same offset replaces the earlier
            keys[n] = r[0];
            dies[n] = new DieOffset((int) r[1]);
            n++;
        }
        m = new Members(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(dies, n));
        members.put(struct.offset(), m);
        return m;
    }

    private void collect(Die struct, long base, List<long[]> rows, int depth) throws MissingAttributeException {
        if (depth > 32) return;
        for (Die child : struct.children()) {
            if (child.tag() == Tag.MEMBER) {
                if (child.flag(At.DECLARATION)) continue; // C++ static data member
                long loc = memberOffset(child, false);
                rows.add(new long[] {base + loc, child.offset().global(), rows.size()});
            } else if (child.tag() == Tag.INHERITANCE) {
                long loc = memberOffset(child, false);
                Die parent = strip(typeOf(child));
                if (parent != null) collect(parent, base + loc, rows, depth + 1);
            }
        }
    }

    /**
     * Byte offset of a member: {@code DW_AT_data_member_location} as a constant or a simple expression, or
     * {@code DW_AT_data_bit_offset} / 8 for bit-fields. Union members may have no location (offset 0).
     */
    public long memberOffset(Die m, boolean inUnion) throws MissingAttributeException {
        if (m.has(At.DATA_MEMBER_LOCATION)) {
            if (m.isConstant(At.DATA_MEMBER_LOCATION)) return m.constant(At.DATA_MEMBER_LOCATION);
            int[] blk = m.block(At.DATA_MEMBER_LOCATION);
            if (blk != null) return evalLocation(m, blk);
            if (m.form(At.DATA_MEMBER_LOCATION) == Form.SEC_OFFSET)
                throw m.unit.error("member DIE " + m.offset() + " has a location list");
            throw new MissingAttributeException("unsupported member location form");
        }
        if (m.has(At.DATA_BIT_OFFSET)) return bitFieldStorageUnit(m);
        if (inUnion) return 0;
        throw new MissingAttributeException("member without location");
    }

    /**
     * The position of a member's first bit from the start of the enclosing structure: for a
     * bit-field, {@code DW_AT_data_bit_offset} (DWARF 4-5), else its storage unit's byte offset plus
     * {@code DW_AT_bit_offset} counted from the unit's most significant bit (DWARF 2-4, little-endian
     * x86-64); for any other member its byte offset times 8.
     */
    public long firstBit(Die m, boolean inUnion) throws MissingAttributeException {
        if (m.has(At.DATA_BIT_OFFSET)) return m.constant(At.DATA_BIT_OFFSET);
        long loc = memberOffset(m, inUnion) * 8;
        int bitSize = (int) m.constant(At.BIT_SIZE, 0);
        if (bitSize != 0 && m.has(At.BIT_OFFSET)) {
            long unitBytes = m.has(At.BYTE_SIZE) ? m.constant(At.BYTE_SIZE) : sizeOf(typeOf(m));
            loc += unitBytes * 8 - m.constant(At.BIT_OFFSET) - bitSize;
        }
        return loc;
    }

    /**
     * A DWARF 5 bit-field's byte offset, taken as the start of its storage unit (the member type's size,
     * aligned) - the value DWARF 2-4 producers put in {@code DW_AT_data_member_location} - so a binary
     * describes the same way whichever DWARF version it was built with.
     */
    private long bitFieldStorageUnit(Die m) {
        long bit = m.constant(At.DATA_BIT_OFFSET);
        long unit = m.has(At.BYTE_SIZE) ? m.constant(At.BYTE_SIZE) : sizeOf(typeOf(m));
        if (unit <= 0) return bit / 8;
        long bits = m.constant(At.BIT_SIZE, 1);
        long start = bit / (unit * 8) * unit;
        // A field that straddles its unit (packed structs) keeps the byte of its first bit.
        return (bit + bits - 1) / (unit * 8) * unit == start ? start : bit / 8;
    }

    private static long evalLocation(Die m, int[] blk) throws MissingAttributeException {
        Cursor c = new Cursor(m.unit.buf, blk[0]);
        int end = blk[0] + blk[1];
        long stack = 0;
        while (c.pos < end) {
            int op = c.u8();
            if (op == DW_OP_PLUS_UCONST) stack += c.uleb();
            else if (op == DW_OP_CONSTU) stack = c.uleb();
            else throw new MissingAttributeException("member location expression op 0x" + Integer.toHexString(op));
        }
        return stack;
    }
}
