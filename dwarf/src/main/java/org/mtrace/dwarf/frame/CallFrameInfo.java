package org.mtrace.dwarf.frame;

import java.nio.ByteBuffer;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.index.PrimitiveSort;
import org.mtrace.dwarf.index.SortedSearch;
import org.mtrace.dwarf.read.Cursor;

/**
 * The canonical frame address (CFA) rule at a PC from the call-frame information of {@code .debug_frame}
 * (DWARF 5 §6.4; what Debian's kernels carry, besides ORC) or, without it, {@code .eh_frame} (the same
 * tables with the LSB's pointer encodings, what gcc writes for user programs): only the CFA is tracked,
 * not where registers are saved. Used to place a stack slot addressed through {@code %rsp} relative
 * to the frame ({@link StackSlots}). The FDE table is read once, on first use; thread-safe.
 */
public final class CallFrameInfo {
    /** The CFA at a PC is {@code register + offset} (DWARF register numbers). */
    public record Rule(int register, long offset) {
    }

    private static final int DW_CFA_ADVANCE_LOC = 0x40, DW_CFA_OFFSET = 0x80, DW_CFA_RESTORE = 0xc0;
    private static final int MAX_REMEMBERED = 16;
    /** {@code DW_EH_PE_*} pointer encodings (LSB, "Exception Frame"). */
    private static final int PE_OMIT = 0xff, PE_PCREL = 0x10, PE_INDIRECT = 0x80;

    private final ElfImage elf;
    private final String sectionName;
    private final ByteBuffer section;
    private final long sectionAddr;
    private final boolean eh;
    private volatile Table table;

    /** Sorted FDE ranges: start PC, end PC, offset of the FDE in the section. */
    private record Table(long[] starts, long[] ends, int[] fdes) {
    }

    /** A CIE's parameters that the FDE's program needs. */
    private record Cie(long codeAlign, long dataAlign, int pointerEncoding, boolean augmentationData, int instructions,
            int end) {
    }

    private CallFrameInfo(ElfImage elf, String name, boolean eh) {
        this.elf = elf;
        this.sectionName = name;
        this.section = elf.section(name);
        this.sectionAddr = elf.sectionAddress(name);
        this.eh = eh;
    }

    /** The image's {@code .debug_frame}, else its {@code .eh_frame}; null when it has neither. */
    public static CallFrameInfo of(ElfImage elf) {
        if (elf.hasSection(".debug_frame") && elf.section(".debug_frame") != null) {
            return new CallFrameInfo(elf, ".debug_frame", false);
        }
        if (elf.hasSection(".eh_frame") && elf.section(".eh_frame") != null) {
            return new CallFrameInfo(elf, ".eh_frame", true);
        }
        return null;
    }

    /** The section the rules come from. */
    public String section() {
        return sectionName;
    }

    /**
     * The CFA rule in force at {@code pc} ({@code DW_CFA_def_cfa*} of the covering FDE, applied up to
     * the PC), or null: no FDE covers it, or the CFA is an expression.
     */
    public Rule cfaAt(long pc) {
        Table t = table();
        int i = SortedSearch.lastAtOrBelow(t.starts, pc);
        if (i < 0 || Long.compareUnsigned(pc, t.ends[i]) >= 0) return null;
        try {
            return run(t.fdes[i], pc);
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw malformed(t.fdes[i], e);
        }
    }

    private Table table() {
        Table t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) table = read();
                t = table;
            }
        }
        return t;
    }

    private Table read() {
        int n = 0;
        long[] starts = new long[1024], ends = new long[1024];
        int[] fdes = new int[1024];
        Cursor c = new Cursor(section, 0);
        while (c.pos + 4 <= section.limit()) {
            int entry = c.pos;
            int next;
            try {
                next = entry(c, entry, n, starts, ends, fdes);
            } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException | IllegalArgumentException e) {
                throw malformed(entry, e);
            }
            if (next < 0) break;
            n = next;
            if (n == starts.length) {
                starts = java.util.Arrays.copyOf(starts, n * 2);
                ends = java.util.Arrays.copyOf(ends, n * 2);
                fdes = java.util.Arrays.copyOf(fdes, n * 2);
            }
        }
        int[] order = PrimitiveSort.orderByUnsigned(starts, n);
        long[] s = new long[n], e = new long[n];
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = starts[order[i]];
            e[i] = ends[order[i]];
            f[i] = fdes[order[i]];
        }
        return new Table(s, e, f);
    }

    /**
     * Reads the entry at {@code entry} (the cursor is there): an FDE with a non-empty range is added at
     * index {@code n} (the arrays have room). Returns the new count, or -1 at {@code .eh_frame}'s
     * terminator; leaves the cursor at the next entry.
     */
    private int entry(Cursor c, int entry, int n, long[] starts, long[] ends, int[] fdes) {
        long[] len = length(c);
        if (len[0] == 0) {
            return eh ? -1 : n; // .eh_frame's terminator; an empty .debug_frame entry is skipped
        }
        int end = checkedEnd(entry, c.pos, len[0]);
        int idField = c.pos;
        long id = len[1] == 8 ? c.u64() : c.u32();
        if (!isCie(id, len[1])) {
            Cie cie = cie(ciePosition(idField, id), entry);
            long start = pointer(c, cie.pointerEncoding, false);
            long range = pointer(c, cie.pointerEncoding & 0x0f, false);
            if (range != 0) {
                starts[n] = start;
                ends[n] = start + range;
                fdes[n++] = entry;
            }
        }
        c.pos = end;
        return n;
    }

    private DwarfException malformed(int entry, RuntimeException e) {
        return bad(entry, "entry malformed or cut short (" + e.getClass().getSimpleName() + ")");
    }

    /** {length, size of the id field}: 32-bit DWARF (4) or, after an escape, 64-bit (8). */
    private static long[] length(Cursor c) {
        long len = c.u32();
        if (len == 0xffffffffL) return new long[] {c.u64(), 8};
        return new long[] {len, 4};
    }

    private int checkedEnd(int entry, int body, long len) {
        if (len < 0 || body + len > section.limit()) throw bad(entry, "entry length " + len + " past the section's end");
        return (int) (body + len);
    }

    private boolean isCie(long id, long idSize) {
        if (eh) return id == 0;
        return idSize == 8 ? id == -1L : id == 0xffffffffL;
    }

    /** .debug_frame: the id is the CIE's section offset; .eh_frame: its distance back from the id field. */
    private int ciePosition(int idField, long id) {
        long at = eh ? idField - id : id;
        if (at < 0 || at >= section.limit()) throw bad(idField, "CIE pointer 0x" + Long.toHexString(id) + " outside the section");
        return (int) at;
    }

    private Cie cie(int at, int fde) {
        Cursor c = new Cursor(section, at);
        long[] len = length(c);
        int end = checkedEnd(at, c.pos, len[0]);
        long id = len[1] == 8 ? c.u64() : c.u32();
        if (!isCie(id, len[1])) throw bad(fde, "FDE's CIE pointer leads to 0x" + Integer.toHexString(at) + ", not a CIE");
        int version = c.u8();
        String augmentation = c.cstring();
        if (version >= 4) {
            c.u8(); // address size
            c.u8(); // segment selector size
        }
        long codeAlign = c.uleb();
        long dataAlign = c.sleb();
        if (version == 1) c.u8(); else c.uleb(); // return address register
        int encoding = 0; // absolute, address-sized
        if (augmentation.startsWith("z")) {
            long augLen = c.uleb();
            int augEnd = (int) (c.pos + augLen);
            for (int i = 1; i < augmentation.length(); i++) {
                switch (augmentation.charAt(i)) {
                    case 'R' -> encoding = c.u8();
                    case 'P' -> pointer(c, c.u8(), true);
                    case 'L' -> c.u8();
                    default -> i = augmentation.length(); // 'S', 'B' ...: the length skips the rest
                }
            }
            c.pos = augEnd;
        } else if (!augmentation.isEmpty()) {
            throw bad(at, "CIE augmentation \"" + augmentation + "\" not understood");
        }
        return new Cie(codeAlign, dataAlign, encoding, augmentation.startsWith("z"), c.pos, end);
    }

    /** A pointer in {@code DW_EH_PE} encoding {@code enc} (0: an 8-byte address, .debug_frame's only form). */
    private long pointer(Cursor c, int enc, boolean mayBeIndirect) {
        if (enc == PE_OMIT) return 0;
        long field = sectionAddr + c.pos;
        long v = switch (enc & 0x0f) {
            case 0x00 -> c.u64();
            case 0x01 -> c.uleb();
            case 0x02 -> c.u16();
            case 0x03 -> c.u32();
            case 0x04 -> c.u64();
            case 0x09 -> c.sleb();
            case 0x0a -> (short) c.u16();
            case 0x0b -> (int) c.u32();
            case 0x0c -> c.u64();
            default -> throw bad(c.pos, "pointer encoding 0x" + Integer.toHexString(enc) + " not understood");
        };
        int app = enc & 0x70;
        if (app == PE_PCREL) {
            v += field;
        } else if (app != 0) {
            throw bad(c.pos, "pointer application 0x" + Integer.toHexString(app) + " not understood");
        }
        if ((enc & PE_INDIRECT) != 0 && !mayBeIndirect) {
            throw bad(c.pos, "indirect pointer where an address is expected");
        }
        return v;
    }

    /** Runs the CIE's initial instructions, then the FDE's up to {@code pc}. */
    private Rule run(int fde, long pc) {
        Cursor c = new Cursor(section, fde);
        long[] len = length(c);
        int end = checkedEnd(fde, c.pos, len[0]);
        int idField = c.pos;
        long id = len[1] == 8 ? c.u64() : c.u32();
        Cie cie = cie(ciePosition(idField, id), fde);
        long loc = pointer(c, cie.pointerEncoding, false);
        pointer(c, cie.pointerEncoding & 0x0f, false);
        if (cie.augmentationData) {
            c.pos += (int) c.uleb(); // a 'z' CIE's FDEs have augmentation data too (the LSDA pointer)
        }
        State s = new State();
        execute(new Cursor(section, cie.instructions), cie.end, cie, -1L, 0, s);
        execute(c, end, cie, pc, loc, s);
        return s.expression ? null : new Rule(s.register, s.offset);
    }

    /** The CFA rule while a program runs, and the rules remembered by {@code DW_CFA_remember_state}. */
    private static final class State {
        int register = -1;
        long offset;
        boolean expression;
        final int[] savedRegister = new int[MAX_REMEMBERED];
        final long[] savedOffset = new long[MAX_REMEMBERED];
        final boolean[] savedExpression = new boolean[MAX_REMEMBERED];
        int saved;
    }

    /**
     * Applies the call-frame instructions from {@code c} until {@code end} or until the location passes
     * {@code pc} (DWARF 5 §6.4.2). Register rules other than the CFA's are skipped.
     */
    private void execute(Cursor c, int end, Cie cie, long pc, long loc, State s) {
        while (c.pos < end) {
            int at = c.pos;
            int op = c.u8();
            int high = op & 0xc0;
            if (high == DW_CFA_ADVANCE_LOC) {
                loc += (op & 0x3f) * cie.codeAlign;
                if (Long.compareUnsigned(loc, pc) > 0) return;
                continue;
            }
            if (high == DW_CFA_OFFSET) {
                c.uleb();
                continue;
            }
            if (high == DW_CFA_RESTORE) {
                continue;
            }
            switch (op) {
                case 0x00 -> { } // nop
                case 0x01 -> { // set_loc
                    loc = pointer(c, cie.pointerEncoding, false);
                    if (Long.compareUnsigned(loc, pc) > 0) return;
                }
                case 0x02, 0x03, 0x04 -> { // advance_loc1/2/4
                    long delta = op == 0x02 ? c.u8() : op == 0x03 ? c.u16() : c.u32();
                    loc += delta * cie.codeAlign;
                    if (Long.compareUnsigned(loc, pc) > 0) return;
                }
                case 0x05, 0x09, 0x11, 0x14, 0x15, 0x2f -> { // offset_extended(_sf), register, val_offset(_sf), GNU negative
                    c.uleb();
                    c.uleb();
                }
                case 0x06, 0x07, 0x08, 0x2e -> c.uleb(); // restore_extended, undefined, same_value, GNU_args_size
                case 0x0a -> { // remember_state
                    if (s.saved == MAX_REMEMBERED) throw bad(at, "DW_CFA_remember_state nested too deep");
                    s.savedRegister[s.saved] = s.register;
                    s.savedOffset[s.saved] = s.offset;
                    s.savedExpression[s.saved++] = s.expression;
                }
                case 0x0b -> { // restore_state
                    if (s.saved == 0) throw bad(at, "DW_CFA_restore_state without a remembered state");
                    s.saved--;
                    s.register = s.savedRegister[s.saved];
                    s.offset = s.savedOffset[s.saved];
                    s.expression = s.savedExpression[s.saved];
                }
                case 0x0c -> { // def_cfa
                    s.register = (int) c.uleb();
                    s.offset = c.uleb();
                    s.expression = false;
                }
                case 0x0d -> { // def_cfa_register
                    s.register = (int) c.uleb();
                    s.expression = false;
                }
                case 0x0e -> s.offset = c.uleb(); // def_cfa_offset
                case 0x0f -> { // def_cfa_expression
                    c.pos += (int) c.uleb();
                    s.expression = true;
                }
                case 0x10, 0x16 -> { // expression, val_expression
                    c.uleb();
                    c.pos += (int) c.uleb();
                }
                case 0x12 -> { // def_cfa_sf
                    s.register = (int) c.uleb();
                    s.offset = c.sleb() * cie.dataAlign;
                    s.expression = false;
                }
                case 0x13 -> s.offset = c.sleb() * cie.dataAlign; // def_cfa_offset_sf
                default -> throw bad(at, "call-frame instruction 0x" + Integer.toHexString(op) + " not understood");
            }
        }
    }

    private DwarfException bad(int offset, String what) {
        return new DwarfException(elf.name(), sectionName + " offset 0x" + Integer.toHexString(offset) + ": " + what);
    }
}
