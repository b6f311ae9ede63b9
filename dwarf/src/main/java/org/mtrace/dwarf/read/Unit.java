package org.mtrace.dwarf.read;

import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;

/**
 * One unit header of {@code .debug_info} (compile, partial, type, skeleton units) or of DWARF 4
 * {@code .debug_types}. DIEs are named by {@link DieOffset} ("global" offsets: {@code .debug_info} offsets as
 * they are, {@code .debug_types} offsets shifted past the end of {@code .debug_info}, see
 * {@link DwarfFile#typesBias()}); the unit itself by its {@link UnitSectionOffset}.
 */
public final class Unit {
    public static final int DW_UT_COMPILE = 1, DW_UT_TYPE = 2, DW_UT_PARTIAL = 3, DW_UT_SKELETON = 4,
            DW_UT_SPLIT_COMPILE = 5, DW_UT_SPLIT_TYPE = 6;

    public final DwarfFile file;
    public final int index;
    /** Buffer of the section holding this unit. */
    public final ByteBuffer buf;
    /** Global offset of the section start (0 for .debug_info, the types bias for .debug_types). */
    public final int bias;
    /**
     * Section-relative positions in {@link #buf}: header start, first DIE, end of the unit. Plain ints because
     * the DIE walkers compare every position against them; {@link #sectionOffset()} is the typed header start.
     */
    public final int offset, dieOffset, end;
    public final int version, unitType, addrSize, offsetSize;
    public final long typeSignature;
    public final int typeOffset;
    private final DebugAbbrevOffset abbrevOffset;
    private final UnitSectionOffset sectionOffset;
    private final DieOffset root;
    private volatile AbbrevTable abbrevs;
    private volatile boolean rootRead;

    // Attributes of the root DIE that other DIEs' forms depend on; read on first use.
    long strOffsetsBase, addrBase, rnglistsBase, baseAddress;

    Unit(DwarfFile file, int index, ByteBuffer buf, int bias, int offset, int dieOffset, int end, int version,
         int unitType, int addrSize, int offsetSize, long typeSignature, int typeOffset, DebugAbbrevOffset abbrevOffset) {
        this.file = file;
        this.index = index;
        this.buf = buf;
        this.bias = bias;
        this.offset = offset;
        this.dieOffset = dieOffset;
        this.end = end;
        this.version = version;
        this.unitType = unitType;
        this.addrSize = addrSize;
        this.offsetSize = offsetSize;
        this.typeSignature = typeSignature;
        this.typeOffset = typeOffset;
        this.abbrevOffset = abbrevOffset;
        this.sectionOffset = new UnitSectionOffset(bias != 0, offset);
        this.root = new DieOffset(bias + dieOffset);
    }

    /** The unit's abbreviation table, parsed on first use (units are independent, so workers parse in parallel). */
    public AbbrevTable abbrevs() {
        AbbrevTable t = abbrevs;
        if (t == null) {
            try {
                abbrevs = t = file.abbrevTable(abbrevOffset, addrSize, offsetSize, version);
            } catch (DwarfException e) {
                throw e;
            } catch (RuntimeException e) {
                throw malformed("abbreviation table at " + abbrevOffset.describe(), e);
            }
        }
        return t;
    }

    private void ensureRoot() {
        if (!rootRead) {
            synchronized (this) {
                if (!rootRead) {
                    try {
                        file.readRootBases(this);
                    } catch (DwarfException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw malformed("root DIE attributes", e);
                    }
                    rootRead = true;
                }
            }
        }
    }

    public boolean isTypeUnit() { return unitType == DW_UT_TYPE || unitType == DW_UT_SPLIT_TYPE; }

    /** Where the unit's header starts, as messages name the unit. */
    public UnitSectionOffset sectionOffset() { return sectionOffset; }

    /** The root DIE (the unit's first). */
    public DieOffset rootOffset() { return root; }

    /** Whether a DIE lies inside this unit (after its header). */
    public boolean contains(DieOffset die) {
        return die.global() >= bias + dieOffset && die.global() < bias + end;
    }

    /**
     * The range list a {@code DW_AT_ranges} value names: a section offset, or for {@code DW_FORM_rnglistx} an
     * index resolved through the unit's {@code DW_AT_rnglists_base}.
     */
    public RangeListsOffset rangeList(int form, long value) {
        if (version < 5) return new RangeListsOffset(false, value);
        if (form != Form.RNGLISTX) return new RangeListsOffset(true, value);
        long at = rnglistsBase() + value * offsetSize;
        if (at < 0 || at + offsetSize > file.rnglists.limit()) throw error("range list index " + value
                + " outside .debug_rnglists");
        return new RangeListsOffset(true, rnglistsBase() + new Cursor(file.rnglists, (int) at).unsigned(offsetSize));
    }

    public long strOffsetsBase() { ensureRoot(); return strOffsetsBase; }
    public long addrBase() { ensureRoot(); return addrBase; }
    public long rnglistsBase() { ensureRoot(); return rnglistsBase; }
    /** The unit's base address for range and location lists ({@code DW_AT_low_pc} of the root, or 0). */
    public long baseAddress() { ensureRoot(); return baseAddress; }

    public DwarfException error(String detail) {
        return new DwarfException(file.name(), sectionOffset, detail, null);
    }

    /**
     * The one error for malformed bytes met while decoding this unit (reads past a section's end, absurd
     * lengths or counts): {@code what} says what was being read.
     */
    public DwarfException malformed(String what, RuntimeException e) {
        return new DwarfException(file.name(), sectionOffset, what + ": truncated or malformed data ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
}
