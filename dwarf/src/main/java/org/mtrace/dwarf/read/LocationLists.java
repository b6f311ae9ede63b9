package org.mtrace.dwarf.read;

import java.nio.ByteBuffer;
import org.mtrace.dwarf.DwarfException;

/**
 * The location expression of a variable or parameter at one PC: {@code DW_AT_location} as an expression
 * (valid wherever the DIE's scope is) or a location list, DWARF 2-4 {@code .debug_loc} or DWARF 5
 * {@code .debug_loclists} ({@code DW_FORM_sec_offset} or {@code DW_FORM_loclistx} through the unit's
 * {@code DW_AT_loclists_base}). Used to ask which variable holds a register at a call's return address
 * ({@code org.mtrace.dwarf.alloc.AllocationSites}).
 */
public final class LocationLists {
    /** {@code DW_AT_loclists_base} (DWARF 5 table 7.5). */
    private static final int AT_LOCLISTS_BASE = 0x8c;
    private static final int LLE_END = 0, LLE_BASE_ADDRESSX = 1, LLE_STARTX_ENDX = 2, LLE_STARTX_LENGTH = 3,
            LLE_OFFSET_PAIR = 4, LLE_DEFAULT = 5, LLE_BASE_ADDRESS = 6, LLE_START_END = 7, LLE_START_LENGTH = 8;

    private final DwarfFile file;
    private final ByteBuffer loc;
    private final ByteBuffer loclists;

    public LocationLists(DwarfFile file) {
        this.file = file;
        this.loc = file.elf().section(".debug_loc");
        this.loclists = file.elf().section(".debug_loclists");
    }

    /** Whether the DIE has a location that is a list (not one expression). */
    public static boolean isList(Die d) {
        int form = d.form(At.LOCATION);
        return form == Form.SEC_OFFSET || form == Form.LOCLISTX
                || (d.unit.version < 4 && (form == Form.DATA4 || form == Form.DATA8));
    }

    /**
     * The bytes of the location expression of {@code d} that applies at {@code pc}: the single expression
     * when the location is not a list (the caller checks the scope), the covering entry of a list, or null
     * (no location, no entry covers the PC). A malformed list is a {@link DwarfException} naming its unit.
     */
    public byte[] expressionAt(Die d, long pc) {
        if (!d.has(At.LOCATION)) return null;
        if (!isList(d)) {
            int[] blk = d.block(At.LOCATION);
            return blk == null ? null : bytes(d.unit.buf, blk[0], blk[1]);
        }
        try {
            LocationListsOffset at = listOf(d);
            ByteBuffer sec = at.dwarf5() ? loclists : loc;
            if (sec == null || at.value() < 0 || at.value() >= sec.limit()) throw d.unit.error("location list offset 0x"
                    + Long.toHexString(at.value()) + " outside " + at.section());
            Cursor c = new Cursor(sec, (int) at.value());
            return at.dwarf5() ? dwarf5(d.unit, c, pc) : legacy(d.unit, c, pc);
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw d.unit.malformed("location list of DIE " + d.offset(), e);
        }
    }

    /**
     * Where the DIE's location list starts: a section offset, or for {@code DW_FORM_loclistx} an index
     * resolved through the unit's {@code DW_AT_loclists_base}.
     */
    private LocationListsOffset listOf(Die d) {
        Unit u = d.unit;
        long value = d.constant(At.LOCATION);
        if (u.version < 5) return new LocationListsOffset(false, value);
        if (loclists == null) throw u.error("location list without .debug_loclists");
        if (d.form(At.LOCATION) != Form.LOCLISTX) return new LocationListsOffset(true, value);
        Die root = file.die(u.rootOffset());
        long base = root == null ? 0 : root.constant(AT_LOCLISTS_BASE);
        long at = base + value * u.offsetSize;
        if (at + u.offsetSize > loclists.limit()) throw u.error("location list index " + value
                + " outside .debug_loclists");
        return new LocationListsOffset(true, base + new Cursor(loclists, (int) at).unsigned(u.offsetSize));
    }

    private byte[] legacy(Unit u, Cursor c, long pc) {
        long maxAddr = u.addrSize == 8 ? -1L : 0xffffffffL;
        long base = u.baseAddress();
        while (c.pos + 2 * u.addrSize <= loc.limit()) {
            long lo = c.unsigned(u.addrSize), hi = c.unsigned(u.addrSize);
            if (lo == 0 && hi == 0) return null;
            if (lo == maxAddr) { base = hi; continue; }
            int len = c.u16();
            if (covers(base + lo, base + hi, pc)) return bytes(loc, c.pos, len);
            c.pos += len;
        }
        return null;
    }

    private byte[] dwarf5(Unit u, Cursor c, long pc) {
        long base = u.baseAddress();
        byte[] fallback = null;
        while (true) {
            int kind = c.u8();
            long lo, hi;
            switch (kind) {
                case LLE_END: return fallback;
                case LLE_BASE_ADDRESSX: base = file.addrx(u, c.uleb()); continue;
                case LLE_BASE_ADDRESS: base = c.unsigned(u.addrSize); continue;
                case LLE_STARTX_ENDX: lo = file.addrx(u, c.uleb()); hi = file.addrx(u, c.uleb()); break;
                case LLE_STARTX_LENGTH: lo = file.addrx(u, c.uleb()); hi = lo + c.uleb(); break;
                case LLE_OFFSET_PAIR: lo = base + c.uleb(); hi = base + c.uleb(); break;
                case LLE_START_END: lo = c.unsigned(u.addrSize); hi = c.unsigned(u.addrSize); break;
                case LLE_START_LENGTH: lo = c.unsigned(u.addrSize); hi = lo + c.uleb(); break;
                case LLE_DEFAULT: {
                    int len = (int) c.uleb();
                    fallback = bytes(loclists, c.pos, len);
                    c.pos += len;
                    continue;
                }
                default: throw u.error("unknown location list entry kind " + kind + " at .debug_loclists offset 0x"
                        + Integer.toHexString(c.pos - 1));
            }
            int len = (int) c.uleb();
            if (covers(lo, hi, pc)) return bytes(loclists, c.pos, len);
            c.pos += len;
        }
    }

    private static boolean covers(long lo, long hi, long pc) {
        return Long.compareUnsigned(lo, pc) <= 0 && Long.compareUnsigned(pc, hi) < 0;
    }

    private static byte[] bytes(ByteBuffer buf, int pos, int len) {
        if (len < 0 || pos + len > buf.limit()) throw new IndexOutOfBoundsException("expression past its section");
        byte[] out = new byte[len];
        buf.get(pos, out);
        return out;
    }
}
