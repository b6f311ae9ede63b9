package org.mtrace.mscan.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>Every load of a module is a placement of its own: a module unloaded and loaded again (at other
 * addresses or the same) gets a second placement beside the first. An address is described by the
 * most recent placement whose sections hold it, loaded or not since: analyses describe PCs when the
 * log has ended, by which time a module may be gone or elsewhere, and an access was recorded at a
 * PC only while code was there, so the newest placement over the PC is the best knowledge of what
 * ran (only a later placement over the same addresses hides an earlier one).
 * {@link #placementVersion()} changes with every
 * region placed, so memoised descriptions are dropped ({@link org.mtrace.mscan.kernel.Attribution}).
 */
public final class ModuleKernelInfo implements KernelInfo, ModuleRegions {
    private final KernelInfo kernel;
    private final ModuleDirectory directory;
    private final IndexCache cache;
    /** Every load of a module seen, in load order. */
    private final List<Placement> placements = new ArrayList<>();
    /** Per module, its latest placement: the one a new region label adds to, unless it has that region. */
    private final Map<String, Placement> latest = new HashMap<>();
    private final Map<String, DwarfKernelInfo> opened = new HashMap<>();
    /** Modules that cannot be described (said once; their other placements are not tried). */
    private final Set<String> warned = new HashSet<>();
    /** Modules of the placements, newest first: the first whose sections hold an address describes it. */
    private LoadedModules loaded = new LoadedModules(null, List.of());
    private final Map<DebugInfo, DwarfKernelInfo> infoOf = new HashMap<>();
    private final java.util.function.Consumer<String> warnings;
    private boolean stale;
    private long version;

    /** One load of a module: the base of each region the recorder labelled. */
    private static final class Placement {
        final String module;
        final Map<String, Long> bases = new java.util.TreeMap<>();

        Placement(String module) {
            this.module = module;
        }

        /** Identifies the placement's layout: equal for two loads at the same addresses. */
        String key() {
            return module + bases;
        }
    }

    /** @param warnings gets one line per module that cannot be described (no .ko in DIR, unreadable) */
    public ModuleKernelInfo(KernelInfo kernel, ModuleDirectory directory, IndexCache cache,
            java.util.function.Consumer<String> warnings) {
        this.kernel = kernel;
        this.directory = directory;
        this.cache = cache;
        this.warnings = warnings;
    }

    /**
     * A region label of a module: joins the module's latest placement, or starts a new one when
     * that already has the region (the module was loaded again; the recorder labels each region
     * once per load) or the module was never seen.
     */
    @Override
    public void moduleRegionLoaded(String label, long base) {
        ModuleRegionLabel r = ModuleRegionLabel.parse(label);
        if (r == null) {
            return;
        }
        Placement p = latest.get(r.module());
        if (p == null || p.bases.containsKey(r.region())) {
            p = new Placement(r.module());
            placements.add(p);
            latest.put(r.module(), p);
        }
        p.bases.put(r.region(), base);
        stale = true;
        version++;
    }

    @Override
    public long placementVersion() {
        return version;
    }

    /** The module placement whose sections hold {@code addr}, newest first, or null (the kernel's). */
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
        for (int i = placements.size() - 1; i >= 0; i--) {
            Placement p = placements.get(i);
            String key = p.key();
            DwarfKernelInfo info = opened.get(key);
            if (info == null && !warned.contains(p.module)) {
                info = open(p.module, ModuleLoad.ofRegions(p.bases));
                if (info == null) {
                    warned.add(p.module);
                } else {
                    opened.put(key, info); // a load at the same addresses reuses it
                }
            }
            if (info != null) {
                modules.add(info.debugInfo());
                infoOf.put(info.debugInfo(), info);
            }
        }
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

    /** Labels name the kernel's own globals; a module's region labels are typed through {@link #variableAt}. */
    @Override
    public VariablePath variablePath(String symbol, long offset) {
        return kernel.variablePath(symbol, offset);
    }

    @Override
    public org.mtrace.dwarf.describe.FlexibleArray flexibleArray(String type) {
        return kernel.flexibleArray(type);
    }

    @Override
    public OptionalLong typeSize(String type) {
        return kernel.typeSize(type);
    }

    /** The kernel's types: the report lays out the types it ranks, which a module's labels name rarely. */
    @Override
    public java.util.List<Member> members(String type) {
        return kernel.members(type);
    }

    @Override
    public String hashTableBucket(String table) {
        return kernel.hashTableBucket(table);
    }

    @Override
    public boolean holdsAt(String outer, long offset, String inner) {
        return kernel.holdsAt(outer, offset, inner);
    }

    @Override
    public VariableType variableType(String symbol) {
        return kernel.variableType(symbol);
    }

    @Override
    public OptionalLong initialU64(String symbol) {
        return kernel.initialU64(symbol);
    }

    @Override
    public org.mtrace.dwarf.alloc.SiteType allocationSiteType(long site) {
        return at(site).allocationSiteType(site);
    }

    @Override
    public boolean allocationSiteHandsOut(long site, String type) {
        return at(site).allocationSiteHandsOut(site, type);
    }

    @Override
    public org.mtrace.dwarf.insn.AccessedType accessType(long pc, long offset) {
        return at(pc).accessType(pc, offset);
    }

    @Override
    public org.mtrace.dwarf.insn.ObjectAccess accessedObject(long pc) {
        return at(pc).accessedObject(pc);
    }

    @Override
    public org.mtrace.dwarf.frame.StackSlot stackSlot(long pc) {
        return at(pc).stackSlot(pc);
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
