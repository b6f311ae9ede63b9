package org.mtrace.dwarf.read;

import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.elf.ElfImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DWARF sections of one ELF file and its unit headers. Everything else (DIEs, strings, ranges) is
 * decoded on demand from the section bytes; all methods are safe for concurrent readers.
 */
public final class DwarfFile {
    public static final int STR_DEBUG_STR = 1, STR_LINE_STR = 2, STR_INLINE = 3;

    private final ElfImage elf;
    public final ByteBuffer info, types, abbrev, str, lineStr, strOffsets, addr, ranges, rnglists, line;
    private final int typesBias;
    private final Unit[] units;
    private final int[] unitStarts;
    private final LongIntHashMap signatures = new LongIntHashMap();
    private final ConcurrentHashMap<Long, AbbrevTable> abbrevTables = new ConcurrentHashMap<>();

    public DwarfFile(ElfImage elf) {
        this.elf = elf;
        this.info = elf.section(".debug_info");
        if (info == null) throw new DwarfException(elf.name(), "no DWARF debug information (.debug_info missing; "
                + "stripped binary?)");
        this.types = orEmpty(elf.section(".debug_types"));
        this.abbrev = orEmpty(elf.section(".debug_abbrev"));
        this.str = orEmpty(elf.section(".debug_str"));
        this.lineStr = orEmpty(elf.section(".debug_line_str"));
        this.strOffsets = orEmpty(elf.section(".debug_str_offsets"));
        this.addr = orEmpty(elf.section(".debug_addr"));
        this.ranges = orEmpty(elf.section(".debug_ranges"));
        this.rnglists = orEmpty(elf.section(".debug_rnglists"));
        this.line = orEmpty(elf.section(".debug_line"));
        this.typesBias = (info.limit() + 15) & ~15;
        List<Unit> list = new ArrayList<>();
        parseUnits(info, 0, false, list);
        parseUnits(types, typesBias, true, list);
        this.units = list.toArray(new Unit[0]);
        this.unitStarts = new int[units.length];
        for (int i = 0; i < units.length; i++) {
            unitStarts[i] = units[i].bias + units[i].offset;
            if (units[i].isTypeUnit())
                signatures.put(units[i].typeSignature, units[i].bias + units[i].offset + units[i].typeOffset);
        }
    }

    private static ByteBuffer orEmpty(ByteBuffer b) {
        return b != null ? b : ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }

    public String name() { return elf.name(); }
    public ElfImage elf() { return elf; }
    public int typesBias() { return typesBias; }
    public int unitCount() { return units.length; }
    public Unit unit(int i) { return units[i]; }

    private void parseUnits(ByteBuffer sec, int bias, boolean isTypesSection, List<Unit> out) {
        Cursor c = new Cursor(sec, 0);
        while (c.pos < sec.limit()) {
            int start = c.pos;
            if (sec.limit() - start < 11) throw unitError(bias, start, "truncated unit header");
            long len = c.u32();
            int offsetSize = 4;
            if (len == 0xffffffffL) { len = c.u64(); offsetSize = 8; }
            else if (len >= 0xfffffff0L) throw unitError(bias, start, "reserved unit length 0x" + Long.toHexString(len));
            long end = c.pos + len;
            if (end > sec.limit() || len < 0) throw unitError(bias, start, "unit length " + len
                    + " runs past the end of the section (truncated file?)");
            try {
                out.add(header(c, sec, bias, start, (int) end, offsetSize, isTypesSection, out.size()));
            } catch (DwarfException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unitError(bias, start, "truncated unit header");
            }
            c.pos = (int) end;
        }
    }

    private Unit header(Cursor c, ByteBuffer sec, int bias, int start, int end, int offsetSize,
                        boolean isTypesSection, int index) {
        int version = c.u16();
        int unitType, addrSize;
        long abbrevOffset, sig = 0;
        int typeOffset = 0;
        if (version == 5) {
            unitType = c.u8();
            addrSize = c.u8();
            abbrevOffset = c.unsigned(offsetSize);
            if (unitType == Unit.DW_UT_TYPE || unitType == Unit.DW_UT_SPLIT_TYPE) {
                sig = c.u64();
                typeOffset = (int) c.unsigned(offsetSize);
            } else if (unitType == Unit.DW_UT_SKELETON || unitType == Unit.DW_UT_SPLIT_COMPILE) {
                c.u64();
            } else if (unitType != Unit.DW_UT_COMPILE && unitType != Unit.DW_UT_PARTIAL) {
                throw unitError(bias, start, "unknown DWARF 5 unit type 0x" + Integer.toHexString(unitType));
            }
        } else if (version >= 2 && version <= 4) {
            abbrevOffset = c.unsigned(offsetSize);
            addrSize = c.u8();
            unitType = isTypesSection ? Unit.DW_UT_TYPE : Unit.DW_UT_COMPILE;
            if (isTypesSection) {
                sig = c.u64();
                typeOffset = (int) c.unsigned(offsetSize);
            }
        } else {
            throw unitError(bias, start, "DWARF version " + version + " is not supported (2-5 are)");
        }
        if (addrSize != 4 && addrSize != 8) throw unitError(bias, start, "unsupported address size " + addrSize);
        if (abbrevOffset < 0 || abbrevOffset >= abbrev.limit()) throw unitError(bias, start, "abbreviation offset 0x"
                + Long.toHexString(abbrevOffset) + " outside .debug_abbrev");
        if (c.pos > end) throw unitError(bias, start, "unit header runs past the end of the unit");
        if ((unitType == Unit.DW_UT_TYPE || unitType == Unit.DW_UT_SPLIT_TYPE)
                && (typeOffset < c.pos - start || typeOffset >= end - start))
            throw unitError(bias, start, "type offset 0x" + Integer.toHexString(typeOffset) + " outside the unit");
        return new Unit(this, index, sec, bias, start, c.pos, end, version, unitType, addrSize,
                offsetSize, sig, typeOffset, new DebugAbbrevOffset(abbrevOffset));
    }

    private DwarfException unitError(int bias, int offset, String detail) {
        return new DwarfException(elf.name(), new UnitSectionOffset(bias != 0, offset), detail, null);
    }

    AbbrevTable abbrevTable(DebugAbbrevOffset offset, int addrSize, int offsetSize, int version) {
        long key = ((long) offset.value() << 16) | (addrSize << 8) | (offsetSize << 4) | version;
        return abbrevTables.computeIfAbsent(key, k -> AbbrevTable.parse(abbrev, (int) offset.value(), addrSize,
                offsetSize, version));
    }

    /** Reads the root attributes the unit's other DIEs depend on; bases stay 0 while they are read. */
    void readRootBases(Unit u) {
        Die root = Die.at(u, u.rootOffset());
        if (root == null) return;
        // The bases are sec_offset constants, readable before they are known; low_pc may be an addrx and
        // needs addr_base first.
        u.strOffsetsBase = root.constant(At.STR_OFFSETS_BASE, u.version >= 5 && strOffsets.limit() >= 8 ? 8 : 0);
        u.addrBase = root.constant(At.ADDR_BASE, root.constant(At.GNU_ADDR_BASE, 0));
        u.rnglistsBase = root.constant(At.RNGLISTS_BASE, root.constant(At.GNU_RANGES_BASE, 0));
        u.baseAddress = 0;
        if (root.has(At.LOW_PC)) u.baseAddress = root.addressWithBase(At.LOW_PC, u.addrBase);
    }

    /** The unit containing a DIE offset, or null. */
    public Unit unitAt(DieOffset die) {
        return unitAt(die.global());
    }

    /** {@link #unitAt(DieOffset)} for a position a DIE walker holds as a plain int. */
    Unit unitAt(int globalOffset) {
        int lo = 0, hi = unitStarts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (unitStarts[mid] <= globalOffset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        Unit u = units[found];
        return globalOffset < u.bias + u.end ? u : null;
    }

    /** The DIE at an offset; null if the offset is not inside a unit or holds a null entry. */
    public Die die(DieOffset offset) {
        Unit u = unitAt(offset.global());
        return u == null ? null : Die.at(u, offset);
    }

    /** The type DIE of the type unit with this signature, or null if no loaded unit has it. */
    public DieOffset signature(long sig) {
        int die = signatureGlobal(sig);
        return die < 0 ? null : new DieOffset(die);
    }

    /** {@link #signature} as a plain int (-1: none), for the walkers' sibling links. */
    int signatureGlobal(long sig) {
        return signatures.getIfAbsent(sig, -1);
    }

    // ---- strings -----------------------------------------------------------------------------------------

    /**
     * A compact reference to a string attribute value: (kind << 40 | offset) where kind says which section
     * holds the bytes. Equal references mean equal strings, which lets indexing avoid creating Strings.
     */
    public long stringKey(Unit u, int form, int pos) {
        switch (form) {
            case Form.STRING: return ((long) STR_INLINE << 40) | (u.bias + pos);
            case Form.STRP: return ((long) STR_DEBUG_STR << 40) | checkedOffset(u, readOffset(u, pos), str, ".debug_str");
            case Form.LINE_STRP:
                return ((long) STR_LINE_STR << 40) | checkedOffset(u, readOffset(u, pos), lineStr, ".debug_line_str");
            case Form.STRX: case Form.GNU_STR_INDEX:
                return strx(u, new Cursor(u.buf, pos).uleb());
            case Form.STRX1: return strx(u, u.buf.get(pos) & 0xff);
            case Form.STRX2: return strx(u, u.buf.getShort(pos) & 0xffff);
            case Form.STRX3: return strx(u, new Cursor(u.buf, pos).u24());
            case Form.STRX4: return strx(u, u.buf.getInt(pos) & 0xffffffffL);
            default: return -1;
        }
    }

    private long readOffset(Unit u, int pos) {
        return u.offsetSize == 4 ? u.buf.getInt(pos) & 0xffffffffL : u.buf.getLong(pos);
    }

    private long strx(Unit u, long index) {
        long at = u.strOffsetsBase() + index * u.offsetSize;
        if (at + u.offsetSize > strOffsets.limit()) throw u.error("string index " + index
                + " outside .debug_str_offsets");
        long off = u.offsetSize == 4 ? strOffsets.getInt((int) at) & 0xffffffffL : strOffsets.getLong((int) at);
        return ((long) STR_DEBUG_STR << 40) | checkedOffset(u, off, str, ".debug_str");
    }

    /** A string offset that must lie inside its section, so {@link #stringOf} cannot fail later. */
    private static long checkedOffset(Unit u, long offset, ByteBuffer section, String name) {
        if (offset < 0 || offset >= section.limit()) throw u.error("string offset 0x" + Long.toHexString(offset)
                + " outside " + name);
        return offset;
    }

    /** The string a {@link #stringKey} refers to. */
    public String stringOf(long key) {
        int kind = (int) (key >>> 40);
        int off = (int) (key & 0xffffffffffL);
        switch (kind) {
            case STR_DEBUG_STR: return Strings.cstringAt(str, off);
            case STR_LINE_STR: return Strings.cstringAt(lineStr, off);
            case STR_INLINE: return off >= typesBias ? Strings.cstringAt(types, off - typesBias)
                    : Strings.cstringAt(info, off);
            default: return null;
        }
    }

    /** Entry {@code index} of the unit's {@code .debug_addr} table. */
    public long addrx(Unit u, long index) {
        return addrx(u, u.addrBase(), index);
    }

    long addrx(Unit u, long base, long index) {
        long at = base + index * u.addrSize;
        if (at + u.addrSize > addr.limit()) throw u.error("address index " + index + " outside .debug_addr");
        return u.addrSize == 8 ? addr.getLong((int) at) : addr.getInt((int) at) & 0xffffffffL;
    }
}
