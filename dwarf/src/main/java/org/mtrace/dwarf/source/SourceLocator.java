package org.mtrace.dwarf.source;

import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DebugLineOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.LineNumberTable;
import org.mtrace.dwarf.read.Ranges;
import org.mtrace.dwarf.read.Strings;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.read.Unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * PC -> frames as {@code addr2line -f -s -i} prints them (ATTRIBUTION.md §3.3): the innermost function at
 * the PC (an inlined subroutine's origin name) with the line-table location, then one frame per inlining
 * level with the call site. Functions come from the function index, inline chains from walking that
 * function's DIE subtree, lines from the unit's line table (decoded on demand, a bounded number kept).
 * Without a DWARF function the ELF FUNC symbol containing the PC names it, as binutils does.
 */
public final class SourceLocator {

    private final DwarfFile file;
    private final DwarfIndex index;
    private final ElfImage elf;
    private volatile SymbolLookup symbols;
    /**
     * Decoded line tables, least recently used first, kept up to {@value #KEPT_ROWS} rows in all
     * (16 bytes a row: 64 MB). Why by rows, not a count of units: a workload's PCs spread over
     * thousands of a kernel's units and decoding a unit's program costs about 100 µs, so a cache of
     * 256 units thrashed (120 µs a PC for the report's 18 K PCs on a 28 M-access recording).
     */
    private final LinkedHashMap<Integer, LineNumberTable> lineTables = new LinkedHashMap<>(16, 0.75f, true);
    private static final long KEPT_ROWS = 1 << 22;
    private long keptRows;

    public SourceLocator(DwarfFile file, DwarfIndex index) {
        this.file = file;
        this.index = index;
        this.elf = file.elf();
    }

    /** The FUNC-symbol fallback, built on the first PC no DWARF function covers. */
    private SymbolLookup symbols() {
        SymbolLookup s = symbols;
        if (s == null) symbols = s = new SymbolLookup(elf);
        return s;
    }

    /** Frames for a PC, innermost first; never empty (an unknown PC gives one frame ??, ??, 0). */
    public List<Frame> frames(long pc) {
        DieOffset fn = index.functionAt(pc);
        Unit unit = fn != null ? file.unitAt(fn) : unitForPc(pc);
        LineNumberTable.Location loc = null;
        LineNumberTable table = unit == null ? null : lineTable(unit);
        if (table != null) loc = table.find(pc);
        if (loc == null && fn != null) {
            Unit other = unitForPc(pc);
            if (other != null && other != unit && lineTable(other) != null) loc = lineTable(other).find(pc);
        }
        String file0 = loc != null ? Strings.basename(loc.file()) : "??";
        int line0 = loc == null ? 0 : loc.line();
        if (fn == null) {
            SymbolLookup symbols = symbols();
            int sym = symbols.at(pc);
            if (loc == null && file0.equals("??") && symbols.file(sym) != null) file0 = symbols.file(sym);
            return List.of(new Frame(symbols.name(sym), file0, line0));
        }
        List<Die> chain = inlineChain(file.die(fn), pc); // outermost (the subprogram) first
        List<Frame> frames = new ArrayList<>(chain.size());
        Die inner = chain.get(chain.size() - 1);
        frames.add(new Frame(functionName(inner), file0, line0));
        for (int i = chain.size() - 1; i > 0; i--) {
            Die call = chain.get(i);
            String callFile = table == null || !call.has(At.CALL_FILE) ? "??"
                    : Strings.basename(table.fileName(call.constant(At.CALL_FILE)));
            int callLine = (int) call.constant(At.CALL_LINE, 0); // 0: no line recorded
            frames.add(new Frame(functionName(chain.get(i - 1)), callFile, callLine));
        }
        return Collections.unmodifiableList(frames);
    }

    private Unit unitForPc(long pc) {
        int u = index.units.find(pc);
        return u < 0 ? null : file.unit(u);
    }

    private LineNumberTable lineTable(Unit u) {
        synchronized (lineTables) {
            LineNumberTable t = lineTables.get(u.index);
            if (t != null || lineTables.containsKey(u.index)) return t;
        }
        Die root = file.die(u.rootOffset());
        LineNumberTable t = root != null && root.has(At.STMT_LIST)
                ? LineNumberTable.decode(file, u, new DebugLineOffset(root.constant(At.STMT_LIST))) : null;
        synchronized (lineTables) {
            if (lineTables.put(u.index, t) == null) keptRows += rows(t);
            for (Iterator<LineNumberTable> eldest = lineTables.values().iterator(); keptRows > KEPT_ROWS && eldest.hasNext(); ) {
                LineNumberTable old = eldest.next();
                if (old == t) break; // the newest: kept whatever its size
                keptRows -= rows(old);
                eldest.remove();
            }
        }
        return t;
    }

    private static long rows(LineNumberTable t) {
        return t == null ? 1 : Math.max(1, t.rowCount());
    }

    /** The subprogram and the inlined subroutines containing the PC, outermost first (also for allocation sites). */
    public static List<Die> inlineChain(Die subprogram, long pc) {
        List<Die> chain = new ArrayList<>();
        chain.add(subprogram);
        Die scope = subprogram;
        for (int depth = 0; depth < 256; depth++) {
            Die next = containingChild(scope, pc);
            if (next == null) break;
            if (next.tag() == Tag.INLINED_SUBROUTINE) chain.add(next);
            scope = next;
        }
        return chain;
    }

    /**
     * The inlined subroutine directly inside {@code scope} (looking through lexical blocks) whose ranges
     * contain the PC. Lexical blocks are transparent whatever their own ranges say, as in binutils, which
     * never consults them: gcc -O2 emits blocks whose DW_AT_ranges list is empty or does not cover the
     * inlined code they enclose.
     */
    private static Die containingChild(Die scope, long pc) {
        if (!scope.hasChildren()) return null;
        for (Die c : scope.children()) {
            int tag = c.tag();
            if (tag == Tag.LEXICAL_BLOCK) {
                Die inner = containingChild(c, pc);
                if (inner != null) return inner;
                continue;
            }
            if (tag != Tag.INLINED_SUBROUTINE) continue;
            boolean[] hit = {false};
            Ranges.of(c, (lo, hi) -> {
                if (Long.compareUnsigned(lo, pc) <= 0 && Long.compareUnsigned(pc, hi) < 0) hit[0] = true;
            });
            if (hit[0]) return c;
        }
        return null;
    }

    /**
     * A function's name as addr2line -C prints it: the demangled linkage name if the DIE or its
     * abstract_origin / specification chain has one, else the plain name; null if it has neither.
     */
    public String functionName(Die d) {
        String plain = null;
        for (int i = 0; d != null && i < 16; i++) {
            String linkage = d.string(At.LINKAGE_NAME);
            if (linkage == null) linkage = d.string(At.MIPS_LINKAGE_NAME);
            if (linkage != null) {
                String demangled = Demangler.demangle(linkage);
                if (!demangled.equals(linkage) || plain == null && d.name() == null) return demangled;
            }
            if (plain == null) plain = d.name();
            DieOffset next = d.origin();
            d = next == null ? null : file.die(next);
        }
        return plain;
    }
}
