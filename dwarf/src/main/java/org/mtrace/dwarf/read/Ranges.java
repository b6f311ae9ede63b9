package org.mtrace.dwarf.read;

import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;

/** Address ranges of a DIE: {@code low_pc/high_pc}, or a {@code .debug_ranges} / {@code .debug_rnglists} list. */
public final class Ranges {
    private Ranges() {}

    /** Receives half-open ranges [lo, hi). */
    public interface Sink { void range(long lo, long hi); }

    private static final int RLE_END = 0, RLE_BASE_ADDRESSX = 1, RLE_STARTX_ENDX = 2, RLE_STARTX_LENGTH = 3,
            RLE_OFFSET_PAIR = 4, RLE_BASE_ADDRESS = 5, RLE_START_END = 6, RLE_START_LENGTH = 7;

    /**
     * Reports the DIE's ranges. With {@code lowPcOnly} a DIE that has {@code low_pc} but no {@code high_pc}
     * covers one byte (the rule ATTRIBUTION.md §2.1 gives for unit roots). Returns whether the DIE had any
     * range attribute.
     */
    public static boolean of(Die d, Sink sink) {
        if (d.has(At.RANGES)) {
            RangeListsOffset at = d.unit.rangeList(d.form(At.RANGES), d.constant(At.RANGES));
            long base = d.tag() == Tag.COMPILE_UNIT || d.tag() == Tag.PARTIAL_UNIT || d.tag() == Tag.SKELETON_UNIT
                    ? (d.has(At.LOW_PC) ? d.address(At.LOW_PC) : 0) : d.unit.baseAddress();
            list(d.unit, at, base, sink);
            return true;
        }
        if (!d.has(At.LOW_PC)) return false;
        long lo = d.address(At.LOW_PC);
        long hi;
        if (!d.has(At.HIGH_PC)) hi = lo + 1;
        else if (d.isConstant(At.HIGH_PC)) hi = lo + d.constant(At.HIGH_PC);
        else hi = d.address(At.HIGH_PC);
        if (hi > lo) sink.range(lo, hi);
        return true;
    }

    /** Decodes the range list at {@code at} ({@link Unit#rangeList} finds it from a DW_AT_ranges value). */
    public static void list(Unit u, RangeListsOffset at, long base, Sink sink) {
        ByteBuffer sec = at.dwarf5() ? u.file.rnglists : u.file.ranges;
        if (at.value() < 0 || at.value() >= sec.limit()) throw u.error("range list offset 0x"
                + Long.toHexString(at.value()) + " outside " + at.section());
        try {
            Cursor c = new Cursor(sec, (int) at.value());
            if (at.dwarf5()) rnglists(u, c, base, sink);
            else legacy(u, c, base, sink);
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw u.malformed("range list at " + at.describe(), e);
        }
    }

    private static void rnglists(Unit u, Cursor c, long base, Sink sink) {
        DwarfFile f = u.file;
        while (true) {
            int kind = c.u8();
            switch (kind) {
                case RLE_END: return;
                case RLE_BASE_ADDRESSX: base = f.addrx(u, c.uleb()); break;
                case RLE_STARTX_ENDX: { long lo = f.addrx(u, c.uleb()); long hi = f.addrx(u, c.uleb());
                    emit(sink, lo, hi); break; }
                case RLE_STARTX_LENGTH: { long lo = f.addrx(u, c.uleb()); emit(sink, lo, lo + c.uleb()); break; }
                case RLE_OFFSET_PAIR: { long lo = c.uleb(), hi = c.uleb(); emit(sink, base + lo, base + hi); break; }
                case RLE_BASE_ADDRESS: base = c.unsigned(u.addrSize); break;
                case RLE_START_END: { long lo = c.unsigned(u.addrSize), hi = c.unsigned(u.addrSize);
                    emit(sink, lo, hi); break; }
                case RLE_START_LENGTH: { long lo = c.unsigned(u.addrSize); emit(sink, lo, lo + c.uleb()); break; }
                default: throw u.error("unknown range list entry kind " + kind + " at .debug_rnglists offset 0x"
                        + Integer.toHexString(c.pos - 1));
            }
        }
    }

    private static void legacy(Unit u, Cursor c, long base, Sink sink) {
        ByteBuffer ranges = c.buf;
        long maxAddr = u.addrSize == 8 ? -1L : 0xffffffffL;
        while (c.pos + 2 * u.addrSize <= ranges.limit()) {
            long lo = c.unsigned(u.addrSize), hi = c.unsigned(u.addrSize);
            if (lo == 0 && hi == 0) return;
            if (lo == maxAddr) { base = hi; continue; }
            emit(sink, base + lo, base + hi);
        }
    }

    private static void emit(Sink sink, long lo, long hi) {
        if (Long.compareUnsigned(hi, lo) > 0) sink.range(lo, hi);
    }
}
