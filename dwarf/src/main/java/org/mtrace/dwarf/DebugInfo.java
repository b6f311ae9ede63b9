package org.mtrace.dwarf;

import org.mtrace.dwarf.alloc.AllocationSites;
import org.mtrace.dwarf.alloc.HashTables;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;
import org.mtrace.dwarf.insn.AccessTypes;
import org.mtrace.dwarf.describe.FlexibleArray;
import org.mtrace.dwarf.describe.MissingAttributeException;
import org.mtrace.dwarf.describe.Nesting;
import org.mtrace.dwarf.describe.OffsetPath;
import org.mtrace.dwarf.describe.StructLayout;
import org.mtrace.dwarf.describe.TypeLookup;
import org.mtrace.dwarf.describe.TypeModel;
import org.mtrace.dwarf.describe.VariableLookup;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.frame.StackSlot;
import org.mtrace.dwarf.frame.StackSlots;
import org.mtrace.dwarf.elf.ModuleLoad;
import org.mtrace.dwarf.elf.SymbolTable;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.index.IndexCache;
import org.mtrace.dwarf.index.Indexer;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.source.Frame;
import org.mtrace.dwarf.source.SourceLocator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point analyses use: data addresses to {@code struct.field} paths and PCs to source lines,
 * from an ELF's DWARF (versions 2-5). Thread-safe; every query is memoised.
 *
 * <pre>
 *   DebugInfo a = DebugInfo.open(Path.of("vmlinux"));
 *   a.describe("dentry", base, off, pc);   // "(*(dentry)0xffff8800...).d_lock"
 *   a.describeAddress(addr);                // "jiffies", "runqueues.lock"
 *   a.source(pc);                           // "do_sys_open at open.c:1037"
 * </pre>
 */
public final class DebugInfo {
    private static final int MEMO_LIMIT = 1 << 18;

    private final ElfImage elf;
    private final DwarfFile dwarf;
    private final DwarfIndex index;
    private final TypeModel types;
    private final OffsetPath paths;
    private final Nesting nesting;
    private final TypeLookup typeLookup;
    private final VariableLookup variables;
    private final SourceLocator locator;
    private final ConcurrentHashMap<Long, List<Frame>> frameMemo = new ConcurrentHashMap<>();
    private final boolean fromCache;
    private final long indexMillis;

    private DebugInfo(ElfImage elf, DwarfFile dwarf, DwarfIndex index, boolean fromCache, long indexMillis) {
        this.elf = elf;
        this.dwarf = dwarf;
        this.index = index;
        this.fromCache = fromCache;
        this.indexMillis = indexMillis;
        this.types = new TypeModel(dwarf);
        this.paths = new OffsetPath(types);
        this.nesting = new Nesting(types);
        this.typeLookup = new TypeLookup(dwarf, index);
        this.variables = new VariableLookup(types, paths, index);
        this.locator = new SourceLocator(dwarf, index);
    }

    /** Opens an ELF using the default index cache ({@link IndexCache#defaultLocation()}). */
    public static DebugInfo open(Path elf) {
        return open(elf, IndexCache.defaultLocation());
    }

    /** Opens an ELF with the given cache (null: always index, store nothing). */
    public static DebugInfo open(Path elfPath, IndexCache cache) {
        return open(elfPath, cache, null);
    }

    /**
     * Opens an ELF; a relocatable one (kernel module) is placed where {@code load} says (null: as gdb places
     * an object file, from address 0).
     */
    public static DebugInfo open(Path elfPath, IndexCache cache, ModuleLoad load) {
        try {
            return openUnguarded(elfPath, cache, load);
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException
                 | NegativeArraySizeException e) {
            throw corrupt(elfPath.toString(), e);
        }
    }

    private static DebugInfo openUnguarded(Path elfPath, IndexCache cache, ModuleLoad load) {
        ElfImage elf = ElfImage.open(elfPath, load);
        DwarfFile dwarf = new DwarfFile(elf);
        long t0 = System.nanoTime();
        DwarfIndex idx = cache == null ? null : cache.load(elf);
        boolean cached = idx != null;
        if (idx == null) {
            idx = Indexer.build(dwarf, Runtime.getRuntime().availableProcessors());
            if (cache != null) cache.store(elf, idx);
        }
        return new DebugInfo(elf, dwarf, idx, cached, (System.nanoTime() - t0) / 1_000_000);
    }

    // ---- data addresses --------------------------------------------------------------------------------

    /**
     * {@code (*(TYPE)0xBASE)PATH} for an offset inside an object whose type is named {@code typeName}
     * (ATTRIBUTION.md §2, with the original's errors fixed: typedef names and a unit's first type are found,
     * array sizes count every element, inherited members sit at their accumulated offsets). {@code pcHint}
     * (0: none) prefers the definition in the unit containing that PC. Returns null if no definition of the
     * type can describe the offset, so the caller can print {@code name+0xoff}.
     */
    public String describe(String typeName, long base, long offset, long pcHint) {
        String path = fieldPath(typeName, offset, pcHint);
        if (path == null) return null;
        StringBuilder sb = new StringBuilder(typeName.length() + path.length() + 24);
        sb.append("(*(").append(typeName).append(")0x");
        appendHex(sb, base);
        return sb.append(')').append(path).toString();
    }

    /**
     * The member path of {@code offset} bytes into an object of the type named {@code typeName}, as
     * {@link #describe} appends it ({@code .d_lockref.count}, {@code [3].x}, "" for the first byte of a
     * scalar); null if no definition of the type can describe the offset.
     */
    public String fieldPath(String typeName, long offset, long pcHint) {
        return guarded(() -> fieldPathUnguarded(typeName, offset, pcHint));
    }

    private String fieldPathUnguarded(String typeName, long offset, long pcHint) {
        List<DieOffset> defs = typeLookup.definitions(typeName);
        if (defs.isEmpty()) return null;
        DieOffset first = typeLookup.best(typeName, pcHint);
        String path = pathFor(first, offset);
        for (int i = 0; path == null && i < defs.size(); i++) {
            if (!defs.get(i).equals(first)) path = pathFor(defs.get(i), offset);
        }
        return path;
    }

    private static void appendHex(StringBuilder sb, long v) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) sb.append(HEX[(int) (v >>> shift) & 0xf]);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private String pathFor(DieOffset die, long offset) {
        try {
            return paths.of(die, offset);
        } catch (MissingAttributeException e) {
            return null;
        }
    }

    /** {@code var.field[i]} for an address inside a static or per-CPU variable, or {@code sym+0xoff}; null if none. */
    public String describeAddress(long addr) {
        VariablePath v = variableAt(addr);
        return v == null ? null : v.render();
    }

    /**
     * The static or per-CPU variable containing {@code addr} with the path inside it (typed from DWARF), else
     * the ELF object symbol covering it ({@code sym} and {@code +0xOFF}, untyped); null if none.
     */
    public VariablePath variableAt(long addr) {
        return guarded(() -> variableAtUnguarded(addr));
    }

    private VariablePath variableAtUnguarded(long addr) {
        VariablePath d = addressMemo.get(addr);
        if (d == null) {
            d = variables.at(addr);
            if (d == null) {
                ElfSymbol s = symbolTable().objectAt(addr);
                d = s == null ? NO_VARIABLE : VariablePath.symbol(s.name(), addr - s.address());
            }
            if (addressMemo.size() > MEMO_LIMIT) addressMemo.clear();
            addressMemo.put(addr, d);
        }
        return d == NO_VARIABLE ? null : d;
    }

    /** Memoised "no variable or symbol here". */
    private static final VariablePath NO_VARIABLE = new VariablePath("", "", false);

    private final ConcurrentHashMap<Long, VariablePath> addressMemo = new ConcurrentHashMap<>();

    // ---- code addresses --------------------------------------------------------------------------------

    /** Frames for a PC, innermost first (addr2line -f -s -i), memoised. */
    public List<Frame> frames(long pc) {
        List<Frame> f = frameMemo.get(pc);
        if (f == null) {
            f = guarded(() -> locator.frames(pc));
            if (frameMemo.size() > MEMO_LIMIT) frameMemo.clear();
            frameMemo.put(pc, f);
        }
        return f;
    }

    /** The innermost function at a PC ({@code 0x..} if unknown), as mscan's {@code func(pc)}. */
    public String function(long pc) {
        String f = frames(pc).get(0).function();
        return f != null ? f : "0x" + Long.toHexString(pc);
    }

    /** {@code func at file:line} of the innermost frame, as mscan's {@code describe(pc)}. */
    public String source(long pc) {
        return frames(pc).get(0).render(pc);
    }

    /** Every frame rendered like {@link #source}, innermost first (mscan's {@code describe_all(pc)}). */
    public List<String> sourceWithInlines(long pc) {
        List<Frame> fs = frames(pc);
        List<String> out = new ArrayList<>(fs.size());
        for (Frame f : fs) out.add(f.render(pc));
        return Collections.unmodifiableList(out);
    }

    /**
     * Runs a query, turning the low-level exceptions that malformed section bytes cause (reads past a
     * section's end, absurd lengths) into one {@link DwarfException} naming the file.
     */
    private <T> T guarded(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (DwarfException e) {
            throw e;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException
                 | NegativeArraySizeException | ArithmeticException | NullPointerException | StackOverflowError e) {
            throw corrupt(elf.name(), e);
        }
    }

    private static DwarfException corrupt(String file, Throwable e) {
        return new DwarfException(file, null, "corrupt debug information (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    // ---- symbols ---------------------------------------------------------------------------------------

    /** OBJECT symbols of the symbol table, in table order (mscan's static labels, MSCAN.md §4.3). */
    public List<ElfSymbol> objectSymbols() { return symbolTable().objects(); }

    /** Every named symbol of {@code .symtab}, in table order. */
    public List<ElfSymbol> symbols() { return symbolTable().all(); }

    /** Address of the first symbol with this name (any type), if any. */
    public OptionalLong symbolAddress(String name) { return symbolTable().address(name); }

    /** The initial 64-bit value of the variable {@code name} as the file holds it, if any. */
    public OptionalLong initialU64(String name) {
        OptionalLong at = symbolAddress(name);
        return at.isPresent() ? elf.initialU64(at.getAsLong()) : OptionalLong.empty();
    }

    private volatile SymbolTable symbolTable;

    /** The symbol table, decoded on first use (a cached open does not pay for it). */
    private SymbolTable symbolTable() {
        SymbolTable t = symbolTable;
        if (t == null) symbolTable = t = new SymbolTable(elf.symbols());
        return t;
    }

    /** {@code [__per_cpu_start, __per_cpu_end)}, or null if the ELF has no per-CPU section symbols. */
    public long[] perCpuRange() {
        OptionalLong s = symbolAddress("__per_cpu_start"), e = symbolAddress("__per_cpu_end");
        return s.isPresent() && e.isPresent() ? new long[] {s.getAsLong(), e.getAsLong()} : null;
    }

    // ---- layouts ---------------------------------------------------------------------------------------

    /**
     * Whether the struct or union {@code outer} holds a {@code inner} (a struct or union tag, or the
     * typedef naming one) {@code offset} bytes in ({@link Nesting}); false if either is unknown.
     */
    public boolean holdsAt(String outer, long offset, String inner) {
        return guarded(() -> {
            DieOffset die = typeLookup.best(outer, 0);
            try {
                return die != null && nesting.holds(types.die(die), offset, inner, null);
            } catch (MissingAttributeException e) {
                return false;
            }
        });
    }

    /**
     * Byte offset of the member named {@code field} in the struct, union or class {@code type}
     * (spelled as for {@link #describe}, e.g. {@code "task_struct"} or {@code "struct task_struct"}),
     * looking through anonymous struct/union members; empty if the type or member is unknown.
     * What a recorder needs to read kernel objects (kernel-hooks' hook table).
     */
    public OptionalLong fieldOffset(String type, String field) {
        return guarded(() -> {
            DieOffset die = typeLookup.best(type, 0);
            if (die == null) return OptionalLong.empty();
            try {
                return memberOffset(types.strip(types.die(die)), field, 0);
            } catch (MissingAttributeException e) {
                return OptionalLong.empty();
            }
        });
    }

    private OptionalLong memberOffset(Die agg, String field, int depth)
            throws MissingAttributeException {
        if (agg == null || depth > 8 || !Tag.isAggregate(agg.tag())) return OptionalLong.empty();
        boolean union = agg.tag() == Tag.UNION_TYPE;
        for (Die m : agg.children()) {
            if (m.tag() != Tag.MEMBER) continue;
            String name = m.name();
            if (field.equals(name)) return OptionalLong.of(types.memberOffset(m, union));
            if (name == null) {
                OptionalLong inner = memberOffset(types.strip(types.typeOf(m)), field, depth + 1);
                if (inner.isPresent()) return OptionalLong.of(types.memberOffset(m, union) + inner.getAsLong());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The flexible array member a struct ends with ({@code unsigned long cpu_bitmap[]} of
     * {@code mm_struct}), or null: memory past {@code sizeof} is its elements when the object was
     * allocated with room for them.
     */
    public FlexibleArray flexibleArray(String type) {
        return guarded(() -> {
            DieOffset die = typeLookup.best(type, 0);
            Die struct = die == null ? null : types.strip(types.die(die));
            if (struct == null || struct.tag() != Tag.STRUCTURE_TYPE) return null;
            Die last = null;
            for (Die m : struct.children()) {
                if (m.tag() == Tag.MEMBER) last = m;
            }
            Die array = last == null ? null : types.strip(types.typeOf(last));
            if (array == null || array.tag() != Tag.ARRAY_TYPE || types.sizeOf(array) != 0 || last.name() == null) return null;
            Die element = types.typeOf(array);
            long elementSize = element == null ? 0 : types.sizeOf(element);
            try {
                return elementSize <= 0 ? null : new FlexibleArray(last.name(), types.memberOffset(last, false), elementSize);
            } catch (MissingAttributeException e) {
                return null; // no member location: nothing to say
            }
        });
    }

    /** {@code sizeof(type)} from DWARF, or empty if the type is unknown or has no size. */
    public OptionalLong typeSize(String type) {
        return guarded(() -> {
            DieOffset die = typeLookup.best(type, 0);
            if (die == null) return OptionalLong.empty();
            long size = types.sizeOf(types.die(die));
            return size > 0 ? OptionalLong.of(size) : OptionalLong.empty();
        });
    }

    /** The member layout of a struct, union or class (the layout command), or null if the type is unknown. */
    public StructLayout layout(String type) {
        return guarded(() -> {
            DieOffset die = typeLookup.best(type, 0);
            try {
                return die == null ? null : StructLayout.of(types, types.die(die));
            } catch (MissingAttributeException e) {
                throw types.die(die).unit.error(e.getMessage());
            }
        });
    }

    /**
     * The layout of the global variable {@code name} (found by its symbol's address), or null if the
     * image has no such symbol or no typed DWARF variable there: how the report lays out a static or
     * per-CPU variable ({@code runqueues}: {@code struct rq}; {@code timer_bases}: one
     * {@code struct timer_base} of two).
     */
    public org.mtrace.dwarf.describe.VariableLayout variableLayout(String name) {
        return guarded(() -> {
            OptionalLong at = symbolAddress(name);
            if (at.isEmpty()) return null;
            try {
                return variables.layoutAt(at.getAsLong());
            } catch (MissingAttributeException e) {
                return null;
            }
        });
    }

    // ---- the kernel's boot-time hash tables ------------------------------------------------------------

    private volatile HashTables hashTables;

    /**
     * The bucket type of the kernel hash table that {@code alloc_large_system_hash} allocated under
     * {@code table} ({@code "TCP bind"}: {@code struct inet_bind_hashbucket}), as the global its
     * caller keeps the table in says ({@link HashTables}); null if the image does not say.
     */
    public String hashTableBucket(String table) {
        return guarded(() -> {
            HashTables h = hashTables;
            if (h == null) hashTables = h = new HashTables(elf, this::symbolAddress, this::pointeeAt);
            return h.bucketType(table);
        });
    }

    /** The type a global pointer at {@code addr} points to (a pointer variable, or a struct's pointer member there), or null. */
    private String pointeeAt(long addr) {
        ElfSymbol s = symbolTable().objectAt(addr);
        if (s == null) return null;
        try {
            org.mtrace.dwarf.describe.VariableLayout v = variables.layoutAt(s.address());
            if (v == null) return null;
            long off = addr - s.address();
            if (off == 0 && v.rows().isEmpty()) return pointee(v.type());
            for (StructLayout.Row r : v.rows()) {
                if (r.offset() == off && !r.isBitField()) return pointee(r.type());
            }
            return null;
        } catch (MissingAttributeException e) {
            return null;
        }
    }

    /** {@code struct T} of a type name {@code struct T *}, else null. */
    private static String pointee(String type) {
        return type != null && type.endsWith(" *") && !type.endsWith("* *") ? type.substring(0, type.length() - 2) : null;
    }

    // ---- allocation sites (issue 16 item 4) --------------------------------------------------------

    private volatile AllocationSites allocationSites;

    /**
     * The struct type the allocation site whose call returns to {@code site} suggests for the object
     * ({@link AllocationSites}), with its size from the type's definition; null if the site says nothing.
     */
    public SiteType allocationSiteType(long site) {
        return guarded(() -> {
            SiteType t = allocationSites().at(site);
            if (t == null || t.size() > 0) return t;
            OptionalLong size = typeSize(t.type()); // the site only saw a declaration
            return size.isPresent() ? new SiteType(t.type(), size.getAsLong(), t.how(), t.from()) : null;
        });
    }

    /** Whether the allocation site returning to {@code site} hands out {@code type} objects ({@link AllocationSites#handsOut}). */
    public boolean allocationSiteHandsOut(long site, String type) {
        return guarded(() -> allocationSites().handsOut(site, type));
    }

    private AllocationSites allocationSites() {
        AllocationSites a = allocationSites;
        if (a == null) allocationSites = a = new AllocationSites(dwarf, index, types);
        return a;
    }

    // ---- accessing instructions (issue 16 item 4) ------------------------------------------------------

    private volatile AccessTypes accessTypes;

    /**
     * The struct type of the object the instruction at {@code pc} accesses {@code offset} bytes into, when
     * its operand's base register holds a typed pointer to the object's start ({@link AccessTypes}), with
     * its size from the type's definition; null otherwise.
     */
    public AccessedType accessType(long pc, long offset) {
        return guarded(() -> sized(accessTypes().at(pc, offset)));
    }

    /**
     * The object the instruction at {@code pc} accesses wherever it lies, with the offset into it
     * ({@link AccessTypes#object}) and its size from the type's definition; null otherwise.
     */
    public ObjectAccess accessedObject(long pc) {
        return guarded(() -> {
            ObjectAccess o = accessTypes().object(pc);
            AccessedType t = o == null ? null : sized(o.type());
            return t == null ? null : new ObjectAccess(t, o.offset());
        });
    }

    private AccessTypes accessTypes() {
        AccessTypes a = accessTypes;
        if (a == null) accessTypes = a = new AccessTypes(dwarf, index, types);
        return a;
    }

    /** {@code t} with its size from the type's definition where the instruction's function only saw a declaration. */
    private AccessedType sized(AccessedType t) {
        if (t == null || t.size() > 0) return t;
        OptionalLong size = typeSize(t.type());
        return size.isPresent() ? new AccessedType(t.type(), size.getAsLong(), t.variable()) : null;
    }

    // ---- stack frames (issue 16 item 1) ------------------------------------------------------------

    private volatile StackSlots stackSlots;

    /**
     * The stack-frame slot the instruction at {@code pc} accesses when it addresses memory as
     * {@code disp(%rsp)}: the function executing it, and where the call-frame information and DWARF
     * allow, the local variable there ({@link StackSlots}); null for any other instruction.
     */
    public StackSlot stackSlot(long pc) {
        return guarded(() -> {
            StackSlots s = stackSlots;
            if (s == null) stackSlots = s = new StackSlots(dwarf, index, types, paths, this::frames);
            return s.at(pc);
        });
    }

    /** Whether the debug information defines a type of this name (spelled as for {@link #describe}). */
    public boolean definesType(String type) {
        return guarded(() -> typeLookup.best(type, 0) != null);
    }

    /** Whether an address lies in one of this file's allocated sections (a loaded module's code or data). */
    public boolean contains(long addr) {
        return elf.sectionIndexAt(addr) >= 0;
    }

    // ---- lower layers, for tools ----------------------------------------------------------------------

    public ElfImage elf() { return elf; }
    public DwarfFile dwarf() { return dwarf; }
    public DwarfIndex index() { return index; }
    public TypeModel types() { return types; }
    public TypeLookup typeLookup() { return typeLookup; }
    public boolean indexFromCache() { return fromCache; }
    public long indexMillis() { return indexMillis; }
}
