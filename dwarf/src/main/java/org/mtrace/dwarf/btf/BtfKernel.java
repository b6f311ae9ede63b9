package org.mtrace.dwarf.btf;

import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.ElfSymbol;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.index.IndexCache;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A kernel described without DWARF: types and field paths from the image's BTF, symbol addresses from
 * System.map, else the ELF symbol table when the vmlinux still has one, else the image's own kallsyms
 * tables ({@link Kallsyms}). Per-CPU variables are typed through
 * BTF's {@code .data..percpu} DATASEC (BTF records only per-CPU variables); other globals get
 * {@code name+0xOFF}. There is no line information: a code address is {@code func at ??:0}.
 */
public final class BtfKernel {
    public static final String PERCPU_SECTION = ".data..percpu";

    private final Btf btf;
    private final BtfPath paths;
    private final Path elf;
    private final List<SystemMap.Symbol> objects;
    private final long[] funcStart, funcSize, objStart;
    private final String[] funcName;
    private final long perCpuStart, perCpuEnd;
    private final String symbolSource;

    private BtfKernel(Btf btf, Path elf, List<SystemMap.Symbol> objects, List<SystemMap.Symbol> funcs,
            long perCpuStart, long perCpuEnd, String symbolSource) {
        this.btf = btf;
        this.paths = new BtfPath(btf);
        this.elf = elf;
        SystemMap.Symbol[] o = objects.toArray(new SystemMap.Symbol[0]);
        java.util.Arrays.sort(o, (a, b) -> Long.compareUnsigned(a.address(), b.address()));
        this.objects = List.of(o);
        objStart = new long[o.length];
        for (int i = 0; i < o.length; i++) objStart[i] = o[i].address();
        SystemMap.Symbol[] f = funcs.toArray(new SystemMap.Symbol[0]);
        java.util.Arrays.sort(f, (a, b) -> Long.compareUnsigned(a.address(), b.address()));
        funcStart = new long[f.length];
        funcSize = new long[f.length];
        funcName = new String[f.length];
        for (int i = 0; i < f.length; i++) {
            funcStart[i] = f[i].address();
            funcSize[i] = f[i].size();
            funcName[i] = f[i].name();
        }
        this.perCpuStart = perCpuStart;
        this.perCpuEnd = perCpuEnd;
        this.symbolSource = symbolSource;
    }

    /** Whether the ELF file has a {@code .BTF} section (cheap: section headers only). */
    public static boolean hasBtf(Path elfFile) {
        return ElfImage.open(elfFile).hasSection(".BTF");
    }

    /**
     * Opens {@code image} (a bzImage, extracted once into the cache, or an ELF vmlinux with {@code .BTF}).
     * Symbols come from {@code systemMap} if given, else from {@code System.map-VERSION} (or
     * {@code System.map}) beside a {@code vmlinuz-VERSION}/{@code vmlinux-VERSION}, else from the ELF symbol
     * table, else from the kallsyms tables in {@code .rodata}; {@code warn} receives one line when there are none (types still work, functions do not).
     */
    public static BtfKernel open(Path image, Path systemMap, java.util.function.Consumer<String> warn) {
        Path elf = KernelImage.isBzImage(image) ? KernelImage.vmlinux(image, IndexCache.defaultLocation().dir()) : image;
        ElfImage e = ElfImage.open(elf);
        ByteBuffer section = e.section(".BTF");
        if (section == null) throw new DwarfException(image.toString(), "no .BTF section (kernel built without "
                + "CONFIG_DEBUG_INFO_BTF) and no DWARF");
        Btf btf = Btf.parse(image.toString(), section);
        Path map = systemMap != null ? systemMap : besideImage(image);
        List<SystemMap.Symbol> objects = new ArrayList<>(), funcs = new ArrayList<>();
        String source;
        OptionalLong start, end;
        SystemMap sm = map == null ? null : SystemMap.read(map);
        if (sm != null && !sm.isPlaceholder()) {
            source = map.toString();
        } else {
            for (ElfSymbol s : e.symbols()) {
                if (s.size() == 0) continue;
                if (s.kind() == ElfSymbol.Kind.FUNC) funcs.add(new SystemMap.Symbol(s.name(), s.address(), s.size(), true));
                else if (s.kind() == ElfSymbol.Kind.OBJECT)
                    objects.add(new SystemMap.Symbol(s.name(), s.address(), s.size(), false));
            }
            source = elf + " symbol table";
            sm = null;
            if (funcs.isEmpty()) {
                ByteBuffer rodata = e.section(".rodata");
                sm = rodata == null ? null : Kallsyms.read(rodata);
                source = sm == null ? "none" : "the image's kallsyms tables";
            }
            if (sm == null && funcs.isEmpty()) warn.accept(image + ": no symbols (" + (map == null
                    ? "no System.map beside it" : map + " is a placeholder") + ", no kallsyms tables found; give "
                    + "--system-map=FILE): types from BTF only, no functions");
        }
        if (sm != null) {
            objects.addAll(sm.symbols(false));
            funcs.addAll(sm.symbols(true));
            start = sm.address("__per_cpu_start");
            end = sm.address("__per_cpu_end");
        } else {
            start = symbol(e, "__per_cpu_start");
            end = symbol(e, "__per_cpu_end");
        }
        long pcs = start.orElse(0), pce = end.orElse(0);
        if (pce == 0) { // no range symbols: the BTF section's own extent, linked at 0 on x86-64
            int sec = btf.dataSection(PERCPU_SECTION);
            pce = sec == 0 ? 0 : btf.sizeOrType(sec);
        }
        return new BtfKernel(btf, elf, objects, funcs, pcs, pce, source);
    }

    private static OptionalLong symbol(ElfImage e, String name) {
        for (ElfSymbol s : e.symbols()) if (name.equals(s.name())) return OptionalLong.of(s.address());
        return OptionalLong.empty();
    }

    /** {@code System.map-VERSION} beside {@code vmlinuz-VERSION} or {@code vmlinux-VERSION}, or {@code System.map}. */
    static Path besideImage(Path image) {
        Path dir = image.toAbsolutePath().getParent();
        String n = image.getFileName().toString();
        for (String prefix : new String[] {"vmlinuz-", "vmlinux-"}) {
            if (n.startsWith(prefix)) {
                Path p = dir.resolve("System.map-" + n.substring(prefix.length()));
                if (Files.isRegularFile(p)) return p;
            }
        }
        Path p = dir.resolve("System.map");
        return Files.isRegularFile(p) ? p : null;
    }

    public Btf btf() { return btf; }

    /** The ELF the BTF was read from (the extracted vmlinux for a bzImage). */
    public Path elf() { return elf; }

    /** Where function and object addresses come from: a System.map path, the ELF symbol table, kallsyms, or "none". */
    public String symbolSource() { return symbolSource; }

    public List<SystemMap.Symbol> objectSymbols() { return objects; }

    public long perCpuStart() { return perCpuStart; }

    public long perCpuEnd() { return perCpuEnd; }

    /** {@code (*(TYPE)0xBASE)PATH} as the DWARF describe prints it, or null when BTF has no such type. */
    public String describe(String typeName, long base, long offset) {
        String path = fieldPath(typeName, offset);
        return path == null ? null : "(*(" + typeName + ")0x" + Long.toHexString(base) + ")" + path;
    }

    /** The member path of {@code offset} bytes into the type {@code typeName}, or null when BTF has no such type. */
    public String fieldPath(String typeName, long offset) {
        int id = btf.find(typeName);
        return id == 0 ? null : paths.of(id, offset);
    }

    /** {@code var.field} of a per-CPU variable (typed by BTF) or {@code sym+0xOFF} of another object; null if none. */
    public String describeAddress(long addr) {
        VariablePath v = variableAt(addr);
        return v == null ? null : v.render();
    }

    /** The per-CPU variable (typed by BTF) or other object symbol containing {@code addr}, with the path inside it; null if none. */
    public VariablePath variableAt(long addr) {
        if (Long.compareUnsigned(addr - perCpuStart, perCpuEnd - perCpuStart) < 0) {
            int sec = btf.dataSection(PERCPU_SECTION);
            long off = addr - perCpuStart;
            for (int i = 0, n = sec == 0 ? 0 : btf.vlen(sec); i < n; i++) {
                long at = btf.secOffset(sec, i);
                if (Long.compareUnsigned(off - at, Math.max(1, btf.secSize(sec, i))) < 0) {
                    int var = btf.secVar(sec, i);
                    return new VariablePath(btf.name(var), paths.of(btf.ref(var), off - at), true);
                }
            }
        }
        int i = floor(objStart, addr);
        SystemMap.Symbol best = i < 0 ? null : objects.get(i);
        if (best == null || Long.compareUnsigned(addr - best.address(), best.size()) >= 0) return null;
        VariablePath typed = variablePath(best.name(), addr - best.address());
        return typed != null ? typed
                : VariablePath.symbol(best.name(), addr - best.address());
    }

    /** The path {@code offset} bytes into the variable {@code symbol} when BTF types it (per-CPU variables), else null. */
    public VariablePath variablePath(String symbol, long offset) {
        int var = btf.variable(symbol);
        return var == 0 ? null : new VariablePath(symbol, paths.of(btf.ref(var), offset), true);
    }

    public OptionalLong typeSize(String type) {
        int id = btf.find(type);
        return id == 0 ? OptionalLong.empty() : OptionalLong.of(btf.sizeOf(id));
    }

    /** One top-level member: byte offset, size in bytes, name, C type; a bit-field's first bit in that byte and width (0: none). */
    public record Member(long offset, long size, String name, String type, int bit, int bitSize) {}

    /** The members of a struct or union in declaration order; empty if BTF has no such type. */
    public List<Member> members(String type) {
        return membersOf(btf.find(type));
    }

    /**
     * The type of the variable {@code symbol} as BTF has it (on a kernel: the per-CPU variables), with
     * its size and, for a struct or union, its members; null if BTF has no such variable.
     */
    public VariableType variableType(String symbol) {
        int var = btf.variable(symbol);
        if (var == 0) return null;
        int type = btf.ref(var);
        int array = btf.strip(type);
        if (btf.kind(array) == Btf.ARRAY) {
            int element = btf.arrayElement(array);
            int e = btf.strip(element);
            if (btf.kind(e) == Btf.STRUCT || btf.kind(e) == Btf.UNION) {
                return new VariableType(btf.typeName(type), btf.sizeOf(type), membersOf(element), btf.sizeOf(element));
            }
        }
        return new VariableType(btf.typeName(type), btf.sizeOf(type), membersOf(type), 0);
    }

    /**
     * A variable's type: its C spelling, {@code sizeof} and members (empty unless a struct or union,
     * or an array of them: then one element's, {@code elementSize} its size, else 0).
     */
    public record VariableType(String type, long size, List<Member> members, long elementSize) {}

    private List<Member> membersOf(int type) {
        int id = btf.strip(type);
        if (btf.kind(id) != Btf.STRUCT && btf.kind(id) != Btf.UNION) return List.of();
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < btf.vlen(id); i++) {
            int bits = btf.memberBitSize(id, i);
            long bit = btf.memberBitOffset(id, i);
            long size = bits != 0 ? (bit % 8 + bits + 7) / 8 : btf.sizeOf(btf.memberType(id, i));
            out.add(new Member(bit / 8, size, btf.memberName(id, i), btf.typeName(btf.memberType(id, i)), bits == 0 ? 0 : (int) (bit % 8), bits));
        }
        return out;
    }

    /** The function containing {@code pc}, from the symbol addresses; null if none. */
    public String function(long pc) {
        int found = floor(funcStart, pc);
        return found >= 0 && Long.compareUnsigned(pc - funcStart[found], funcSize[found]) < 0 ? funcName[found] : null;
    }

    private static int floor(long[] sorted, long key) {
        return org.mtrace.dwarf.index.SortedSearch.lastAtOrBelow(sorted, key);
    }
}
