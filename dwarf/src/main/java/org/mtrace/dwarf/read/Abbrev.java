package org.mtrace.dwarf.read;

/** One abbreviation declaration: the tag, whether children follow, and the attribute specs in order. */
public final class Abbrev {
    public final int code;
    public final int tag;
    public final boolean hasChildren;
    public final int[] attrs;
    public final int[] forms;
    /** Values of {@code DW_FORM_implicit_const} specs (0 for other forms). */
    public final long[] implicitConsts;
    /** Byte size of each value, -1 for a variable-size form, -2 for an unknown form. */
    public final int[] sizes;
    /** Cheap facts the bulk indexer checks for every DIE, computed once per abbreviation. */
    public final boolean hasName, hasPc, hasExprLocation;
    /** Total byte size of the attribute values when every form has a fixed size, else -1. */
    public final int fixedSize;

    Abbrev(int code, int tag, boolean hasChildren, int[] attrs, int[] forms, long[] implicitConsts, int[] sizes,
           int fixedSize) {
        this.sizes = sizes;
        this.code = code;
        this.tag = tag;
        this.hasChildren = hasChildren;
        this.attrs = attrs;
        this.forms = forms;
        this.implicitConsts = implicitConsts;
        this.fixedSize = fixedSize;
        this.hasName = indexOf(At.NAME) >= 0;
        this.hasPc = indexOf(At.LOW_PC) >= 0 || indexOf(At.RANGES) >= 0;
        int loc = indexOf(At.LOCATION);
        this.hasExprLocation = loc >= 0 && (forms[loc] == Form.EXPRLOC || forms[loc] == Form.BLOCK1
                || forms[loc] == Form.BLOCK || forms[loc] == Form.BLOCK2 || forms[loc] == Form.BLOCK4);
    }

    /** Index of an attribute in this abbreviation, or -1. */
    public int indexOf(int attr) {
        for (int i = 0; i < attrs.length; i++) if (attrs[i] == attr) return i;
        return -1;
    }
}
