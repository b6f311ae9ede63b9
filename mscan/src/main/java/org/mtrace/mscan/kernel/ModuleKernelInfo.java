package org.mtrace.mscan.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.LoadedModules;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.dwarf.elf.ModuleLoad;
import org.mtrace.dwarf.index.IndexCache;

/**
 * The kernel plus the modules the log shows loaded ({@code --modules=DIR}): the recorder's
 * {@code module:NAME:REGION} labels give each region's base ({@link #moduleRegionLoaded}); the
 * module's {@code .ko} from DIR is placed there ({@link ModuleLoad#ofRegions}, as {@code mdwarf
 * --module} places it) and describes PCs and static data inside its sections ({@link LoadedModules});
 * everything else goes to the kernel. A module is opened when an address first needs it after
 * its regions changed.
 */
public final class ModuleKernelInfo implements KernelInfo {
    private final KernelInfo kernel;
    private final ModuleDirectory directory;
    private final IndexCache cache;
    private final Map<String, Map<String, Long>> regions = new LinkedHashMap<>(); // module -> region -> base
    private final Map<String, DwarfKernelInfo> opened = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private LoadedModules loaded = new LoadedModules(null, List.of());
    private final Map<DebugInfo, DwarfKernelInfo> infoOf = new HashMap<>();
    private final java.util.function.Consumer<String> warnings;
    private boolean stale;

    /** @param warnings gets one line per module that cannot be described (no .ko in DIR, unreadable) */
    public ModuleKernelInfo(KernelInfo kernel, ModuleDirectory directory, IndexCache cache,
            java.util.function.Consumer<String> warnings) {
        this.kernel = kernel;
        this.directory = directory;
        this.cache = cache;
        this.warnings = warnings;
    }

    @Override
    public void moduleRegionLoaded(String label, long base) {
        ModuleRegionLabel r = ModuleRegionLabel.parse(label);
        if (r != null) {
            Long old = regions.computeIfAbsent(r.module(), k -> new HashMap<>()).put(r.region(), base);
            stale |= old == null || old != base;
        }
    }

    /** The module whose placed sections hold {@code addr}, or null (the kernel's). */
    private DwarfKernelInfo moduleAt(long addr) {
        if (stale) {
            reopen();
        }
        DebugInfo a = loaded.moduleAt(addr);
        return a == null ? null : infoOf.get(a);
    }

    private void reopen() {
        stale = false;
        List<DebugInfo> modules = new ArrayList<>();
        infoOf.clear();
        regions.forEach((name, bases) -> {
            ModuleLoad load = ModuleLoad.ofRegions(bases);
            String key = name + new java.util.TreeMap<>(bases);
            DwarfKernelInfo info = opened.get(key);
            if (info == null && !warned.contains(key)) {
                info = open(name, load);
                if (info == null) {
                    warned.add(key);
                } else {
                    opened.put(key, info);
                }
            }
            if (info != null) {
                modules.add(info.debugInfo());
                infoOf.put(info.debugInfo(), info);
            }
        });
        loaded = new LoadedModules(null, modules);
    }

    /** The module's .ko placed at its regions, or null after one message saying why not. */
    private DwarfKernelInfo open(String name, ModuleLoad load) {
        java.nio.file.Path ko = directory.file(name);
        if (ko == null) {
            warnings.accept("mscan: --modules=" + directory.dir() + ": no " + name + ".ko there; addresses in module "
                    + name + " are described by its labels only");
            return null;
        }
        try {
            DebugInfo a = DebugInfo.open(ko, cache, load);
            if (!a.elf().isRelocatable()) {
                warnings.accept("mscan: " + ko + ": not a relocatable object (.ko); module " + name + " is not described");
                return null;
            }
            return DwarfKernelInfo.of(a);
        } catch (DwarfException e) {
            warnings.accept("mscan: " + e.getMessage() + "; module " + name + " is not described");
            return null;
        }
    }

    private KernelInfo at(long addr) {
        DwarfKernelInfo m = moduleAt(addr);
        return m != null ? m : kernel;
    }

    @Override
    public List<StaticSymbol> objectSymbols() {
        return kernel.objectSymbols();
    }

    @Override
    public PerCpuRange perCpuRange() {
        return kernel.perCpuRange();
    }

    @Override
    public PerCpuRange originalPerCpuRange() {
        return kernel.originalPerCpuRange();
    }

    @Override
    public String fieldPath(String typeName, long offset, long pcHint) {
        String d = kernel.fieldPath(typeName, offset, pcHint);
        DwarfKernelInfo m;
        if (d == null && pcHint != 0 && (m = moduleAt(pcHint)) != null) {
            d = m.fieldPath(typeName, offset, pcHint); // a type only the module defines
        }
        return d;
    }

    @Override
    public VariablePath variableAt(long addr) {
        return at(addr).variableAt(addr);
    }

    /** A module region label ({@code module:NAME:REGION}) is the module's variable at that address. */
    @Override
    public VariablePath variablePath(String symbol, long offset) {
        return kernel.variablePath(symbol, offset);
    }

    @Override
    public OptionalLong typeSize(String type) {
        return kernel.typeSize(type);
    }

    @Override
    public OptionalLong initialU64(String symbol) {
        return kernel.initialU64(symbol);
    }

    @Override
    public String function(long pc) {
        return at(pc).function(pc);
    }

    @Override
    public String source(long pc) {
        return at(pc).source(pc);
    }

    @Override
    public List<String> sourceWithInlines(long pc) {
        return at(pc).sourceWithInlines(pc);
    }

    @Override
    public boolean isImage() {
        return kernel.isImage();
    }
}
