package org.mtrace.dwarf.read;

import org.mtrace.dwarf.DwarfException;

/** Fast skipping over DIE subtrees without creating DIE objects. */
public final class DieWalker {
    private DieWalker() {}

    /** Skips the attributes of the DIE whose values start at {@code c.pos}. */
    public static void skipAttributes(Cursor c, Abbrev a, Unit u) {
        if (a.fixedSize >= 0) { c.pos += a.fixedSize; return; }
        int[] sizes = a.sizes;
        for (int i = 0; i < sizes.length; i++) {
            int size = sizes[i];
            if (size >= 0) c.pos += size;
            else if (size == -2) throw u.error("unsupported attribute form 0x" + Integer.toHexString(a.forms[i])
                    + " at offset 0x" + Integer.toHexString(c.pos));
            else Form.skipVariable(c, a.forms[i], u);
        }
    }

    /**
     * Given the section-relative position of a DIE's first child, returns the section-relative position
     * just past the null entry ending that child list.
     */
    static int skipChildren(Unit u, int firstChild) {
        try {
            return skip(u, firstChild);
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw u.malformed("children of the DIE before 0x" + Integer.toHexString(u.bias + firstChild), e);
        }
    }

    private static int skip(Unit u, int firstChild) {
        Cursor c = new Cursor(u.buf, firstChild);
        int depth = 1;
        while (depth > 0 && c.pos < u.end) {
            long code = c.uleb();
            if (code == 0) { depth--; continue; }
            Abbrev a = u.abbrevs().get(code);
            if (a == null) throw u.error("unknown abbreviation code " + code + " at offset 0x"
                    + Integer.toHexString(c.pos));
            skipAttributes(c, a, u);
            if (a.hasChildren) depth++;
        }
        return c.pos;
    }
}
