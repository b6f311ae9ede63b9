package org.mtrace.dwarf.read;

import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The abbreviations of one {@code .debug_abbrev} table; lookup by code is an array index for dense codes. */
public final class AbbrevTable {
    private final Abbrev[] dense;
    private final IntObjectHashMap<Abbrev> sparse;

    private AbbrevTable(Abbrev[] dense, IntObjectHashMap<Abbrev> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    public Abbrev get(long code) {
        if (code > 0 && code < dense.length) return dense[(int) code];
        return sparse == null || code > Integer.MAX_VALUE ? null : sparse.get((int) code);
    }

    /**
     * Parses the table at {@code offset}. Fixed value sizes depend on the unit's address size, offset size
     * and version, so tables are cached per (offset, unit shape) by {@link DwarfFile}.
     */
    static AbbrevTable parse(ByteBuffer abbrev, int offset, int addrSize, int offsetSize, int version) {
        Cursor c = new Cursor(abbrev, offset);
        List<Abbrev> list = new ArrayList<>();
        int maxCode = 0;
        // Scratch arrays for one declaration's specs, grown together and reused for every declaration.
        int[] attrs = new int[16], forms = new int[16], sizes = new int[16];
        long[] consts = new long[16];
        while (c.pos < abbrev.limit()) {
            long code = c.uleb();
            if (code == 0) break;
            int tag = (int) c.uleb();
            boolean children = c.u8() != 0;
            int n = 0, fixed = 0;
            while (true) {
                int attr = (int) c.uleb(), form = (int) c.uleb();
                long implicit = form == Form.IMPLICIT_CONST ? c.sleb() : 0;
                if (attr == 0 && form == 0) break;
                if (n == attrs.length) {
                    attrs = java.util.Arrays.copyOf(attrs, n * 2);
                    forms = java.util.Arrays.copyOf(forms, n * 2);
                    consts = java.util.Arrays.copyOf(consts, n * 2);
                    sizes = java.util.Arrays.copyOf(sizes, n * 2);
                }
                attrs[n] = attr; forms[n] = form; consts[n] = implicit;
                int size = Form.fixedSize(form, addrSize, offsetSize, version);
                sizes[n] = size;
                n++;
                fixed = size < 0 || fixed < 0 ? -1 : fixed + size;
            }
            list.add(new Abbrev((int) code, tag, children, java.util.Arrays.copyOf(attrs, n),
                    java.util.Arrays.copyOf(forms, n), java.util.Arrays.copyOf(consts, n), java.util.Arrays.copyOf(sizes, n), fixed));
            if (code < 1 << 20) maxCode = Math.max(maxCode, (int) code);
        }
        boolean isDense = maxCode <= 4 * list.size() + 16;
        Abbrev[] dense = new Abbrev[isDense ? maxCode + 1 : 0];
        IntObjectHashMap<Abbrev> sparse = isDense ? null : new IntObjectHashMap<>();
        for (Abbrev a : list) {
            if (isDense) dense[a.code] = a;
            else sparse.put(a.code, a);
        }
        return new AbbrevTable(dense, sparse);
    }
}
