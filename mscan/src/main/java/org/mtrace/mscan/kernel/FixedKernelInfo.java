package org.mtrace.mscan.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * A kernel described by hand, for tests and for runs without an image: static symbols, a per-CPU
 * range, PC-to-function/location tables and an optional type resolver. Not for hot paths.
 */
public final class FixedKernelInfo implements KernelInfo {
    private final List<StaticSymbol> symbols = new ArrayList<>();
    private PerCpuRange perCpuRange = PerCpuRange.NONE;
    /** The range the original would have seen (its range symbols not OBJECT: empty); null = the same. */
    private PerCpuRange originalPerCpuRange;
    private final Map<Long, String> functions = new TreeMap<>(Long::compareUnsigned);
    private final Map<Long, List<String>> sources = new TreeMap<>(Long::compareUnsigned);
    private final Map<String, LongFunction<String>> types = new TreeMap<>();

    private final Map<Long, org.mtrace.dwarf.alloc.SiteType> allocationSites = new TreeMap<>(Long::compareUnsigned);
    /** Per allocation site: the type a function of its inline chain returns a pointer to ({@link #allocationSiteHandsOut}). */
    private final Map<Long, String> handedOut = new TreeMap<>(Long::compareUnsigned);
    /** Sizes and members of the types that have them ({@link #typeSize}, {@link #members}). */
    private final Map<String, Long> sizes = new TreeMap<>();
    private final Map<String, List<Member>> members = new TreeMap<>();
    private final Map<String, org.mtrace.dwarf.describe.FlexibleArray> flexibleArrays = new TreeMap<>();
    private final Map<String, LongFunction<String>> variables = new TreeMap<>();
    private final Map<String, VariableType> variableTypes = new TreeMap<>();
    private final Map<String, String> hashTables = new TreeMap<>();

    /** Accessing instructions' types by PC, each valid at one offset ({@link #accessType}). */
    private final Map<Long, Map.Entry<Long, org.mtrace.dwarf.insn.AccessedType>> accessTypes =
            new TreeMap<>(Long::compareUnsigned);

    private final Map<Long, org.mtrace.dwarf.frame.StackSlot> stackSlots = new TreeMap<>(Long::compareUnsigned);

    private boolean image = true;

    /** A kernel that knows nothing: every description takes the fallback. */
    public static FixedKernelInfo empty() {
        return new FixedKernelInfo();
    }

    /** No kernel image at all (new-style runs without --kernel): {@link #isImage()} is false. */
    public static FixedKernelInfo none() {
        FixedKernelInfo k = new FixedKernelInfo();
        k.image = false;
        return k;
    }

    @Override
    public boolean isImage() {
        return image;
    }

    public FixedKernelInfo symbol(String name, long address, long size) {
        symbols.add(new StaticSymbol(name, address, size));
        return this;
    }

    public FixedKernelInfo perCpuRange(long start, long end) {
        this.perCpuRange = new PerCpuRange(start, end);
        return this;
    }

    /** The per-CPU range as the original saw it, when it differs (e.g. [0, 0): NOTYPE range symbols). */
    public FixedKernelInfo originalPerCpuRange(long start, long end) {
        this.originalPerCpuRange = new PerCpuRange(start, end);
        return this;
    }

    /** The PC {@code pc} is in {@code function} at {@code file:line} (one frame). */
    public FixedKernelInfo pc(long pc, String function, String fileLine) {
        functions.put(pc, function);
        sources.put(pc, List.of(function + " at " + fileLine));
        return this;
    }

    /** The PC {@code pc} has these inline frames, innermost first, each {@code func at file:line}. */
    public FixedKernelInfo inlinedPc(long pc, String function, List<String> frames) {
        functions.put(pc, function);
        sources.put(pc, List.copyOf(frames));
        return this;
    }

    /** Type {@code name} resolves with {@code offset -> field path} ({@code .x}, {@code [2].y}). */
    public FixedKernelInfo type(String name, LongFunction<String> fieldPath) {
        types.put(name, fieldPath);
        return this;
    }

    /** The allocation site returning to {@code site} suggests type {@code t} ({@link #allocationSiteType}). */
    public FixedKernelInfo allocationSite(long site, org.mtrace.dwarf.alloc.SiteType t) {
        allocationSites.put(site, t);
        return this;
    }

    @Override
    public org.mtrace.dwarf.alloc.SiteType allocationSiteType(long site) {
        return allocationSites.get(site);
    }

    /** A function of the inline chain at allocation site {@code site} returns a {@code type *} ({@link #allocationSiteHandsOut}). */
    public FixedKernelInfo handsOut(long site, String type) {
        handedOut.put(site, type);
        return this;
    }

    @Override
    public boolean allocationSiteHandsOut(long site, String type) {
        return type.equals(handedOut.get(site));
    }

    /** Type {@code name} is {@code size} bytes of these members, first the one at offset 0 ({@link #typeSize}, {@link #members}). */
    public FixedKernelInfo layout(String name, long size, Member... list) {
        sizes.put(name, size);
        members.put(name, List.of(list));
        return this;
    }

    /** A global variable {@code name} whose type resolves {@code offset -> member path} ({@link #variablePath}). */
    public FixedKernelInfo variable(String name, LongFunction<String> path) {
        variables.put(name, path);
        return this;
    }

    /** The global variable {@code name} is of type {@code type} ({@link #variableType}). */
    public FixedKernelInfo variableType(String name, VariableType type) {
        variableTypes.put(name, type);
        return this;
    }

    @Override
    public VariableType variableType(String symbol) {
        return variableTypes.get(symbol);
    }

    @Override
    public VariablePath variablePath(String symbol, long offset) {
        LongFunction<String> path = variables.get(symbol);
        return path == null ? null : new VariablePath(symbol, path.apply(offset), true);
    }

    /** Type {@code name} ends with the flexible array member {@code array} ({@link #flexibleArray}). */
    public FixedKernelInfo flexibleArray(String name, org.mtrace.dwarf.describe.FlexibleArray array) {
        flexibleArrays.put(name, array);
        return this;
    }

    @Override
    public org.mtrace.dwarf.describe.FlexibleArray flexibleArray(String type) {
        return flexibleArrays.get(type);
    }

    /** The boot-time hash table {@code table} is an array of {@code type} ({@link #hashTableBucket}). */
    public FixedKernelInfo hashTable(String table, String type) {
        hashTables.put(table, type);
        return this;
    }

    @Override
    public String hashTableBucket(String table) {
        return hashTables.get(table);
    }

    @Override
    public java.util.OptionalLong typeSize(String type) {
        Long size = sizes.get(type);
        return size == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(size);
    }

    @Override
    public List<Member> members(String type) {
        return members.getOrDefault(type, List.of());
    }

    /** The instruction at {@code pc} accesses {@code offset} bytes into an object of type {@code t} ({@link #accessType}). */
    public FixedKernelInfo accessAt(long pc, long offset, org.mtrace.dwarf.insn.AccessedType t) {
        accessTypes.put(pc, Map.entry(offset, t));
        return this;
    }

    @Override
    public org.mtrace.dwarf.insn.AccessedType accessType(long pc, long offset) {
        Map.Entry<Long, org.mtrace.dwarf.insn.AccessedType> e = accessTypes.get(pc);
        return e != null && e.getKey() == offset ? e.getValue() : null;
    }

    @Override
    public org.mtrace.dwarf.insn.ObjectAccess accessedObject(long pc) {
        Map.Entry<Long, org.mtrace.dwarf.insn.AccessedType> e = accessTypes.get(pc);
        return e == null ? null : new org.mtrace.dwarf.insn.ObjectAccess(e.getValue(), e.getKey());
    }

    /** The instruction at {@code pc} addresses the stack slot {@code s} through {@code %rsp} ({@link #stackSlot}). */
    public FixedKernelInfo stackSlotAt(long pc, org.mtrace.dwarf.frame.StackSlot s) {
        stackSlots.put(pc, s);
        return this;
    }

    @Override
    public org.mtrace.dwarf.frame.StackSlot stackSlot(long pc) {
        return stackSlots.get(pc);
    }

    @Override
    public List<StaticSymbol> objectSymbols() {
        return List.copyOf(symbols);
    }

    @Override
    public PerCpuRange perCpuRange() {
        return perCpuRange;
    }

    @Override
    public PerCpuRange originalPerCpuRange() {
        return originalPerCpuRange == null ? perCpuRange : originalPerCpuRange;
    }

    @Override
    public String fieldPath(String typeName, long offset, long pcHint) {
        LongFunction<String> t = types.get(typeName);
        return t == null ? null : t.apply(offset);
    }

    @Override
    public VariablePath variableAt(long addr) {
        return StaticSymbol.variableAt(symbols, addr);
    }

    @Override
    public String function(long pc) {
        return functions.get(pc);
    }

    @Override
    public String source(long pc) {
        List<String> s = sources.get(pc);
        return s == null ? null : s.get(0);
    }

    @Override
    public List<String> sourceWithInlines(long pc) {
        return sources.getOrDefault(pc, List.of());
    }
}
