package org.mtrace.mscan.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSection;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;
import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * {@link KernelInfo} from the ELF symbol table alone (no DWARF): static labels (demangled) and the
 * per-CPU range per MSCAN.md §4.3 with the same deliberate difference as {@link DwarfKernelInfo}
 * (range symbols of any type), functions from FUNC symbols. Types are never resolved (every address
 * description takes the {@code name+0x<off>} fallback) and locations are {@code func at ??:0},
 * which is what addr2line prints for an image without line information.
 */
public final class ElfKernelInfo implements WithoutLineTables {
    private static final int SHT_SYMTAB = 2;

    private final List<StaticSymbol> objects;
    private final PerCpuRange perCpuRange;
    /** The range as the original saw it (LOCAL/GLOBAL OBJECT symbols only, last wins), for object ids. */
    private final PerCpuRange originalPerCpuRange;
    /** FUNC symbols sorted by address (unsigned): parallel arrays for binary search. */
    private final long[] funcStart;
    private final long[] funcSize;
    private final String[] funcName;

    private ElfKernelInfo(List<StaticSymbol> objects, PerCpuRange perCpuRange, PerCpuRange originalPerCpuRange,
            List<StaticSymbol> funcs) {
        this.objects = List.copyOf(objects);
        this.perCpuRange = perCpuRange;
        this.originalPerCpuRange = originalPerCpuRange;
        StaticSymbol[] sorted = funcs.toArray(new StaticSymbol[0]);
        Arrays.sort(sorted, (a, b) -> Long.compareUnsigned(a.address(), b.address()));
        funcStart = new long[sorted.length];
        funcSize = new long[sorted.length];
        funcName = new String[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            funcStart[i] = sorted[i].address();
            funcSize[i] = sorted[i].size();
            funcName[i] = sorted[i].name();
        }
    }

    /**
     * Reads the image's symbol tables.
     *
     * @throws KernelImageException if the file cannot be read or is not a valid ELF file
     */
    public static ElfKernelInfo load(Path path) throws KernelImageException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new KernelImageException("failed to open " + path);
        }
        try {
            ElfFile elf = ElfFile.from(path.toFile()); // memory-mapped: images can be hundreds of MB
            List<StaticSymbol> objects = new ArrayList<>();
            List<StaticSymbol> funcs = new ArrayList<>();
            PerCpuRange.Symbols anyType = new PerCpuRange.Symbols();
            PerCpuRange.Symbols original = new PerCpuRange.Symbols();
            for (ElfSection section : elf.sectionsOfType(SHT_SYMTAB)) {
                for (ElfSymbol sym : ((ElfSymbolTableSection) section).symbols) {
                    // documented fix of spec bug 35, as DwarfKernelInfo: the first symbol of each
                    // range name counts whatever its type and binding (linker scripts make NOTYPE)
                    anyType.offer(sym.getName(), sym.st_value);
                    int binding = sym.getBinding();
                    if (binding != ElfSymbol.BINDING_LOCAL && binding != ElfSymbol.BINDING_GLOBAL) {
                        continue;
                    }
                    if (sym.getType() == ElfSymbol.STT_FUNC) {
                        String name = sym.getName();
                        if (name != null && !name.isEmpty()) {
                            funcs.add(new StaticSymbol(name, sym.st_value, sym.st_size));
                        }
                        continue;
                    }
                    if (sym.getType() != ElfSymbol.STT_OBJECT) {
                        continue;
                    }
                    String name = sym.getName();
                    if (PerCpuRange.isRangeSymbol(name)) {
                        original.offer(name, sym.st_value);
                    } else if (sym.st_size != 0) {
                        objects.add(StaticSymbol.label(Demangler.demangle(name == null ? "" : name), sym.st_value,
                                sym.st_size));
                    }
                }
            }
            return new ElfKernelInfo(objects, anyType.first(), original.last(), funcs);
        } catch (IOException e) {
            throw new KernelImageException("failed to open " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // jelf signals malformed input with ElfException and assorted runtime exceptions
            throw new KernelImageException(path + ": not a valid ELF file: " + e.getMessage());
        }
    }


    @Override
    public List<StaticSymbol> objectSymbols() {
        return objects;
    }

    @Override
    public PerCpuRange perCpuRange() {
        return perCpuRange;
    }

    @Override
    public PerCpuRange originalPerCpuRange() {
        return originalPerCpuRange;
    }

    @Override
    public String fieldPath(String typeName, long offset, long pcHint) {
        return null;
    }

    @Override
    public VariablePath variableAt(long addr) {
        return StaticSymbol.variableAt(objects, addr);
    }

    @Override
    public String function(long pc) {
        int i = floor(pc);
        if (i < 0) {
            return null;
        }
        long off = pc - funcStart[i];
        // a zero-size symbol (hand-written assembly) covers just its first address
        return Long.compareUnsigned(off, Math.max(1, funcSize[i])) < 0 ? funcName[i] : null;
    }



    /** Index of the last function starting at or before {@code pc}, or -1. */
    private int floor(long pc) {
        int lo = 0;
        int hi = funcStart.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(funcStart[mid], pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
