package org.mtrace.mscan.kernel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * {@link KernelInfo} from the ELF symbol table alone (no DWARF): static labels (demangled) and the
 * per-CPU range per MSCAN.md §4.3 with the same deliberate difference as {@link DwarfKernelInfo}
 * (range symbols of any type), functions from FUNC symbols. Types are never resolved (every address
 * description takes the {@code name+0x<off>} fallback) and locations are {@code func at ??:0},
 * which is what addr2line prints for an image without line information.
 */
public final class ElfKernelInfo implements WithoutLineTables {
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
        KernelImageException.requireReadable(path);
        try {
            SymbolTableFacts facts = SymbolTableFacts.of(ElfImage.open(path).symbols()); // memory-mapped
            return new ElfKernelInfo(facts.objects(), facts.perCpuRange(), facts.originalPerCpuRange(), facts.functions());
        } catch (DwarfException e) {
            throw new KernelImageException(e.getMessage());
        } catch (RuntimeException e) {
            // jelf, under ElfImage, signals some malformed headers with assorted runtime exceptions
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
