package org.mtrace.dwarf.read;

import org.mtrace.dwarf.DwarfException;

import java.util.ArrayList;
import java.util.List;

/**
 * A debugging information entry, decoded just enough to find its attribute values: the abbreviation and
 * where each value starts. Values are decoded by the typed getters when asked. Cheap to create; used for
 * the (memoised) query paths, while the bulk indexer walks the bytes directly.
 */
public final class Die {
    public final Unit unit;
    /**
     * Global offset ({@link DieOffset#global()}), kept as an int: the indexer decodes about a million DIEs
     * of a kernel and reads only this; {@link #offset()} makes the typed value on first use.
     */
    private final int global;
    private DieOffset offset;
    public final Abbrev abbrev;
    private final int[] valuePos;
    /** The abbreviation's forms, or a copy with DW_FORM_indirect replaced by the form found in the data. */
    private final int[] forms;
    /** Section-relative position just past the attributes (first child, or next sibling). */
    private final int attrsEnd;

    private Die(Unit unit, int global, DieOffset offset, Abbrev abbrev, int[] valuePos, int[] forms, int attrsEnd) {
        this.unit = unit;
        this.forms = forms;
        this.global = global;
        this.offset = offset;
        this.abbrev = abbrev;
        this.valuePos = valuePos;
        this.attrsEnd = attrsEnd;
    }

    /** The DIE at {@code offset} inside {@code unit}, or null for a null entry (end of siblings). */
    public static Die at(Unit unit, DieOffset offset) {
        return at(unit, offset.global(), offset);
    }

    /**
     * {@link #at(Unit, DieOffset)} for a DIE walker that holds the position as a plain global int (the
     * indexer: no typed offset is made per DIE it decodes).
     */
    public static Die atGlobal(Unit unit, int global) {
        return at(unit, global, null);
    }

    private static Die at(Unit unit, int global, DieOffset offset) {
        Cursor c = new Cursor(unit.buf, global - unit.bias);
        if (c.pos < unit.dieOffset || c.pos >= unit.end) throw unit.error("DIE reference " + new DieOffset(global)
                + " outside its unit");
        try {
            return decode(unit, global, offset, c);
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unit.malformed("DIE " + new DieOffset(global), e);
        }
    }

    private static Die decode(Unit unit, int global, DieOffset offset, Cursor c) {
        long code = c.uleb();
        if (code == 0) return null;
        Abbrev a = unit.abbrevs().get(code);
        if (a == null) throw unit.error("unknown abbreviation code " + code + " at DIE " + new DieOffset(global));
        int[] pos = new int[a.forms.length];
        int[] forms = a.forms;
        for (int i = 0; i < pos.length; i++) {
            int form = a.forms[i];
            if (form == Form.INDIRECT) {
                // Resolve the real form now so getters see it; remember the position of the value itself.
                int actual = (int) c.uleb();
                if (forms == a.forms) forms = a.forms.clone();
                forms[i] = actual;
                pos[i] = c.pos;
                Form.skip(c, actual, unit);
                continue;
            }
            pos[i] = c.pos;
            int size = Form.fixedSize(form, unit.addrSize, unit.offsetSize, unit.version);
            if (size >= 0) c.pos += size;
            else if (size == -2) throw unit.error("unsupported attribute form 0x" + Integer.toHexString(form)
                    + " in DIE " + new DieOffset(global));
            else Form.skipVariable(c, form, unit);
        }
        // Values are read later by position: all of them must lie inside the unit.
        if (c.pos > unit.end || c.pos < 0) throw unit.error("DIE " + new DieOffset(global)
                + " runs past the end of its unit");
        return new Die(unit, global, offset, a, pos, forms, c.pos);
    }

    /** Where this DIE starts. */
    public DieOffset offset() {
        DieOffset o = offset;
        if (o == null) offset = o = new DieOffset(global); // a race makes equal records: harmless
        return o;
    }

    /** {@link #offset()} as a plain int, for the walkers (see {@link #atGlobal}). */
    public int globalOffset() { return global; }

    public int tag() { return abbrev.tag; }
    public boolean hasChildren() { return abbrev.hasChildren; }

    public boolean has(int attr) { return abbrev.indexOf(attr) >= 0; }

    /** The form of an attribute, or 0 if absent. */
    public int form(int attr) {
        int i = abbrev.indexOf(attr);
        return i < 0 ? 0 : formAt(i);
    }

    private int formAt(int i) {
        return forms[i];
    }

    private int posAt(int i) { return valuePos[i]; }

    /** Section-relative position of an attribute's value (for exprloc/block: of its length). */
    public int valuePosition(int attr) {
        int i = abbrev.indexOf(attr);
        return i < 0 ? -1 : posAt(i);
    }

    /** Whether the attribute is a constant (data / implicit_const / sdata / udata form). */
    public boolean isConstant(int attr) {
        switch (form(attr)) {
            case Form.DATA1: case Form.DATA2: case Form.DATA4: case Form.DATA8: case Form.SDATA: case Form.UDATA:
            case Form.IMPLICIT_CONST:
                return true;
            default:
                return false;
        }
    }

    /**
     * An integer-valued attribute (constants, flags, section offsets, references as raw values); a DIE
     * without it is corrupt input for the caller, reported with the unit and DIE offsets (callers for which
     * absence has a meaning say so with {@link #constant(int, long)}).
     */
    public long constant(int attr) {
        int i = abbrev.indexOf(attr);
        if (i < 0) {
            throw unit.error("DIE " + offset() + " has no attribute 0x" + Integer.toHexString(attr));
        }
        return constantAt(i, attr);
    }

    /** {@link #constant(int)}, or {@code ifAbsent} when the DIE does not have the attribute. */
    public long constant(int attr, long ifAbsent) {
        int i = abbrev.indexOf(attr);
        return i < 0 ? ifAbsent : constantAt(i, attr);
    }

    private long constantAt(int i, int attr) {
        int form = formAt(i);
        Cursor c = new Cursor(unit.buf, posAt(i));
        switch (form) {
            case Form.DATA1: case Form.FLAG: case Form.REF1: return c.u8();
            case Form.DATA2: case Form.REF2: return c.u16();
            case Form.DATA4: case Form.REF4: return c.u32();
            case Form.DATA8: case Form.REF8: return c.u64();
            case Form.SDATA: return c.sleb();
            case Form.UDATA: case Form.REF_UDATA: case Form.RNGLISTX: case Form.LOCLISTX: return c.uleb();
            case Form.IMPLICIT_CONST: return abbrev.implicitConsts[i];
            case Form.FLAG_PRESENT: return 1;
            case Form.SEC_OFFSET: return c.unsigned(unit.offsetSize);
            case Form.DATA16: return c.u64();
            default: throw unit.error("attribute 0x" + Integer.toHexString(attr) + " has form 0x"
                    + Integer.toHexString(form) + " where a constant was expected (DIE " + offset() + ")");
        }
    }

    public boolean flag(int attr) {
        return constant(attr, 0) != 0;
    }

    /** An address attribute (DW_FORM_addr or an index into .debug_addr). */
    public long address(int attr) {
        return addressWithBase(attr, -1);
    }

    /**
     * An address attribute; an index form is resolved with {@code addrBase}, or the unit's own base when
     * it is -1 (an explicit base is needed while the unit's root attributes are being read).
     */
    long addressWithBase(int attr, long addrBase) {
        int i = abbrev.indexOf(attr);
        if (i < 0) return 0;
        int form = formAt(i);
        if (form == Form.ADDR) return new Cursor(unit.buf, posAt(i)).unsigned(unit.addrSize);
        Cursor c = new Cursor(unit.buf, posAt(i));
        long index;
        switch (form) {
            case Form.ADDRX: case Form.GNU_ADDR_INDEX: index = c.uleb(); break;
            case Form.ADDRX1: index = c.u8(); break;
            case Form.ADDRX2: index = c.u16(); break;
            case Form.ADDRX3: index = c.u24(); break;
            case Form.ADDRX4: index = c.u32(); break;
            default: return constant(attr);
        }
        return unit.file.addrx(unit, addrBase < 0 ? unit.addrBase() : addrBase, index);
    }

    /**
     * The DIE a reference attribute points to; null if absent or pointing outside what is loaded (a type
     * unit not present, a supplementary file). A reference that should be in this file but is not inside
     * any unit is an error.
     */
    public DieOffset ref(int attr) {
        int target = refGlobal(attr);
        return target < 0 ? null : new DieOffset(target);
    }

    /** {@link #ref} as a plain int (-1: none), for the sibling links the walkers follow without allocating. */
    private int refGlobal(int attr) {
        int i = abbrev.indexOf(attr);
        if (i < 0) return -1;
        int form = formAt(i);
        Cursor c = new Cursor(unit.buf, posAt(i));
        long local;
        switch (form) {
            case Form.REF1: local = c.u8(); break;
            case Form.REF2: local = c.u16(); break;
            case Form.REF4: local = c.u32(); break;
            case Form.REF8: local = c.u64(); break;
            case Form.REF_UDATA: local = c.uleb(); break;
            case Form.REF_ADDR: {
                long target = c.unsigned(unit.version <= 2 ? unit.addrSize : unit.offsetSize);
                if (target < 0 || target >= unit.file.info.limit() || unit.file.unitAt((int) target) == null)
                    throw badRef(attr, target);
                return (int) target;
            }
            case Form.REF_SIG8: return unit.file.signatureGlobal(c.u64());
            default: return -1;
        }
        if (local < unit.dieOffset - unit.offset || local >= unit.end - unit.offset) throw badRef(attr, local);
        return (int) (unit.bias + unit.offset + local);
    }

    private DwarfException badRef(int attr, long target) {
        return unit.error("attribute 0x" + Integer.toHexString(attr) + " of DIE " + offset()
                + " refers to 0x" + Long.toHexString(target) + ", outside " + (form(attr) == Form.REF_ADDR
                ? unit.sectionOffset().section() + "'s units" : "its unit"));
    }

    /** A string attribute, or null if absent or stored in a supplementary file. */
    public String string(int attr) {
        int i = abbrev.indexOf(attr);
        if (i < 0) return null;
        long key = unit.file.stringKey(unit, formAt(i), posAt(i));
        return key < 0 ? null : unit.file.stringOf(key);
    }

    /** Bytes of an exprloc/block attribute as {start, length} section-relative, or null. */
    public int[] block(int attr) {
        int i = abbrev.indexOf(attr);
        if (i < 0) return null;
        Cursor c = new Cursor(unit.buf, posAt(i));
        long len;
        switch (formAt(i)) {
            case Form.EXPRLOC: case Form.BLOCK: len = c.uleb(); break;
            case Form.BLOCK1: len = c.u8(); break;
            case Form.BLOCK2: len = c.u16(); break;
            case Form.BLOCK4: len = c.u32(); break;
            default: return null;
        }
        return new int[] {c.pos, (int) len};
    }

    public String name() { return string(At.NAME); }

    /**
     * The DIE this one instantiates or completes: {@code DW_AT_abstract_origin} (an inlined or out-of-line
     * instance), else {@code DW_AT_specification} (a definition outside its class); null if neither.
     */
    public DieOffset origin() {
        return has(At.ABSTRACT_ORIGIN) ? ref(At.ABSTRACT_ORIGIN) : ref(At.SPECIFICATION);
    }

    /** {@link DwarfFile#stringKey} of the name, or -1. */
    public long nameKey() {
        int i = abbrev.indexOf(At.NAME);
        return i < 0 ? -1 : unit.file.stringKey(unit, formAt(i), posAt(i));
    }

    /** Section-relative position just past this DIE's attributes. */
    public int attrsEnd() { return attrsEnd; }

    /*
     * The two walking positions below are plain global ints ({@link DieOffset#global()}): the indexer follows
     * them for every type it records, without allocating.
     */

    /** Global offset of the first child, meaningful only if {@link #hasChildren()}. */
    public int firstChildOffset() { return unit.bias + attrsEnd; }

    /** Global offset of the next sibling (skipping this DIE's subtree). */
    public int nextSiblingOffset() {
        if (!abbrev.hasChildren) return unit.bias + attrsEnd;
        int sib = refGlobal(At.SIBLING);
        if (sib > global && form(At.SIBLING) != Form.REF_ADDR) return sib;
        return DieWalker.skipChildren(unit, attrsEnd) + unit.bias;
    }

    /** The direct children, in order. */
    public List<Die> children() {
        List<Die> out = new ArrayList<>();
        if (!abbrev.hasChildren) return out;
        int at = firstChildOffset();
        int end = unit.bias + unit.end;
        while (at < end) {
            Die child = atGlobal(unit, at);
            if (child == null) break;
            out.add(child);
            at = child.nextSiblingOffset();
        }
        return out;
    }

    @Override public String toString() {
        return Tag.name(tag()) + "@" + offset();
    }
}
