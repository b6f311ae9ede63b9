package org.mtrace.mscan.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.mtrace.dwarf.Demangler;
import org.mtrace.dwarf.btf.BtfKernel;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.dwarf.btf.SystemMap;

/**
 * {@link KernelInfo} without DWARF ({@link BtfKernel}): struct types and field paths from the image's BTF,
 * static and per-CPU labels and functions from System.map. What is missing against the {@code -dbg}
 * vmlinux: source lines ({@code func at ??:0}), inline frames, and types of non-per-CPU globals
 * ({@code name+0xOFF}); symbol sizes are the distance to the next symbol.
 */
public final class BtfKernelInfo implements WithoutLineTables {
    private final BtfKernel kernel;
    private final List<StaticSymbol> objects;
    private final PerCpuRange perCpuRange;

    private BtfKernelInfo(BtfKernel kernel) {
        this.kernel = kernel;
        List<StaticSymbol> out = new ArrayList<>();
        for (SystemMap.Symbol s : kernel.objectSymbols()) {
            if (!PerCpuRange.isRangeSymbol(s.name())) out.add(StaticSymbol.label(Demangler.demangle(s.name()),
                    s.address(), s.size()));
        }
        this.objects = List.copyOf(out);
        this.perCpuRange = new PerCpuRange(kernel.perCpuStart(), kernel.perCpuEnd());
    }

    /** Opens a bzImage or BTF-only vmlinux; {@code systemMap} may be null (found beside the image). */
    public static BtfKernelInfo open(Path image, Path systemMap) {
        BtfKernel k = BtfKernel.open(image, systemMap, w -> System.err.println("mscan: " + w));
        System.err.println("mscan: " + image + ": types from BTF, symbols from " + k.symbolSource()
                + "; no DWARF, so no file:line (func at ??:0)");
        return new BtfKernelInfo(k);
    }

    @Override
    public List<StaticSymbol> objectSymbols() { return objects; }

    @Override
    public PerCpuRange perCpuRange() { return perCpuRange; }

    @Override
    public String fieldPath(String typeName, long offset, long pcHint) {
        return kernel.fieldPath(typeName, offset);
    }

    @Override
    public VariablePath variableAt(long addr) { return kernel.variableAt(addr); }

    @Override
    public VariablePath variablePath(String symbol, long offset) { return kernel.variablePath(symbol, offset); }

    @Override
    public OptionalLong typeSize(String type) { return kernel.typeSize(type); }

    @Override
    public List<Member> members(String type) {
        return members(kernel.members(type));
    }

    @Override
    public VariableType variableType(String symbol) {
        BtfKernel.VariableType v = kernel.variableType(symbol);
        return v == null ? null : new VariableType(v.type(), v.size(), members(v.members()), v.elementSize());
    }

    private static List<Member> members(List<BtfKernel.Member> btf) {
        List<Member> out = new ArrayList<>();
        for (BtfKernel.Member m : btf) out.add(new Member(m.offset(), m.size(), m.name(), m.type(), m.bit(), m.bitSize()));
        return out;
    }

    @Override
    public String function(long pc) { return kernel.function(pc); }


}
