package org.mtrace.mscan.kernel;

import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * The {@link Attribution} of one pass on top of a {@link KernelInfo}, memoised per PC, with what the
 * engine's trackers tell it as the log is read: per-CPU areas ({@link #perCpuSegmentDeclared}) and
 * kernel-module regions ({@link #moduleRegionLoaded}). The engine owns it; analyses see it only as
 * {@link Attribution}. The memos hold while the kernel's {@link KernelInfo#placementVersion()} is
 * unchanged: a module loaded (again) may describe a PC differently.
 */
public final class KernelAttribution implements Attribution {
    private final KernelInfo kernel;
    private final PerCpuSegments segments = new PerCpuSegments();
    private KernelLayout layout;
    private final LongObjectHashMap<String> describeCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<String> funcCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<List<String>> describeAllCache = new LongObjectHashMap<>();
    /** The kernel's placement version the memos were made under. */
    private long memoVersion;

    public KernelAttribution(KernelInfo kernel) {
        this.kernel = kernel;
    }

    @Override
    public KernelInfo kernel() {
        return kernel;
    }

    /** A segment entry declared the per-CPU area [base, end) of {@code cpu} (the engine's segment tracker). */
    public void perCpuSegmentDeclared(long base, long end, int cpu) {
        segments.add(base, end, cpu);
    }

    /**
     * A {@code module:NAME:REGION} label starts at {@code base} (the engine's label tracker): a kernel
     * boundary that places modules ({@link ModuleRegions}) moves the module there.
     */
    public void moduleRegionLoaded(String label, long base) {
        if (kernel instanceof ModuleRegions modules) {
            modules.moduleRegionLoaded(label, base);
        }
    }

    @Override
    public KernelLayout layout() {
        if (layout == null) {
            layout = KernelLayout.of(kernel);
        }
        return layout;
    }

    @Override
    public AddressDescription describeData(String typeName, long base, long offset, long pc) {
        AddressDescription typed = typed(typeName, base, offset, pc);
        if (typed != null) {
            return typed;
        }
        String fallback = typeName + "+0x" + Long.toHexString(offset);
        if (!typeName.isEmpty()) {
            return new AddressDescription(AddressDescription.Form.NAME, typeName, null, offset, fallback);
        }
        KernelLayout.Region region = layout().regionOf(offset);
        if (region.label() == null) {
            return new AddressDescription(AddressDescription.Form.NONE, null, null, offset, fallback);
        }
        AddressDescription.Form form = region == KernelLayout.Region.USER ? AddressDescription.Form.USER
                : AddressDescription.Form.REGION;
        return new AddressDescription(form, null, null, offset, fallback + " (" + region.label() + ")");
    }

    @Override
    public AddressDescription describeLabelled(String typeName, long base, long offset, long pc, boolean block,
            long allocPc) {
        if (!block && allocPc != 0 && isHeapObject(base)) {
            org.mtrace.dwarf.alloc.SiteType user = mergedCacheUser(typeName, allocPc);
            if (user != null) { // the cache's name is another user's: never that type's fields
                AddressDescription inferred = inferred(typeName, base, offset, user.type(), allocPc, BY_SITE);
                return inferred != null ? inferred : pastInferredType(typeName, offset, user.type());
            }
        }
        AddressDescription d = describeData(typeName, base, offset, pc);
        if (d.form() == AddressDescription.Form.TYPED && !block) {
            return flexibleTail(d, base);
        }
        if (d.form() == AddressDescription.Form.NAME && !block && allocPc != 0) {
            AddressDescription inferred = describeInferred(typeName, base, offset, allocPc); // issue 16 item 4
            if (inferred != null) {
                return inferred;
            }
        }
        if (d.form() == AddressDescription.Form.NAME && block && allocPc != 0) {
            String purpose = BlockPurpose.of(func(allocPc));
            if (purpose != null) {
                return new AddressDescription(AddressDescription.Form.REGION, null, null, offset,
                        purpose + " " + d.text());
            }
        }
        return d;
    }

    // ---- issue 16 item 4: types inferred from the allocation site (InferredHeapType) ----

    private InferredHeapType inferredTypes;

    @Override
    public org.mtrace.dwarf.alloc.SiteType inferredType(String typeName, long allocPc) {
        return inferredTypes().typeFor(typeName, allocPc);
    }

    @Override
    public org.mtrace.dwarf.alloc.SiteType mergedCacheUser(String cacheName, long allocPc) {
        return inferredTypes().mergedCacheUser(cacheName, allocPc);
    }

    private InferredHeapType inferredTypes() {
        if (inferredTypes == null) {
            inferredTypes = new InferredHeapType(kernel);
        }
        return inferredTypes;
    }

    @Override
    public AddressDescription describeInferred(String typeName, long base, long offset, long allocPc) {
        org.mtrace.dwarf.alloc.SiteType t = inferredType(typeName, allocPc);
        return t == null ? null : inferred(typeName, base, offset, t.type(), allocPc, BY_SITE);
    }

    // ---- issue 16 item 4, the fallback: types from the accessing instruction (InstructionHeapType) ----

    private InstructionHeapType instructionTypes;

    @Override
    public org.mtrace.dwarf.insn.AccessedType instructionType(String typeName, long offset, long pc) {
        if (instructionTypes == null) {
            instructionTypes = new InstructionHeapType(kernel);
        }
        return instructionTypes.typeFor(typeName, offset, pc);
    }

    @Override
    public org.mtrace.dwarf.insn.AccessedType instructionTypeCovering(long offset, long pc) {
        org.mtrace.dwarf.insn.AccessedType t = pc == 0 || offset < 0 ? null : kernel.accessType(pc, offset);
        return t == null || t.size() <= offset ? null : t;
    }

    @Override
    public org.mtrace.dwarf.insn.ObjectAccess accessedObject(long pc) {
        return pc == 0 ? null : kernel.accessedObject(pc);
    }

    @Override
    public AddressDescription describeAs(String labelName, long base, long offset, String type, String evidence) {
        return inferred(labelName, base, offset, type, 0, evidence);
    }

    @Override
    public boolean beginsWith(String outer, String inner) {
        return kernel.beginsWith(outer, inner);
    }

    @Override
    public boolean holdsAt(String outer, long offset, String inner) {
        return kernel.holdsAt(outer, offset, inner);
    }

    @Override
    public AddressDescription describeByInstruction(String typeName, long base, long offset, AccessVotes votes) {
        org.mtrace.dwarf.insn.AccessedType t = votes.agreed();
        return t == null ? null : inferred(typeName, base, offset, t.type(), votes.pc(), BY_INSTRUCTION);
    }

    // ---- issue 16 item 1: the frame holding a stack address, from the accessing instruction ----

    @Override
    public org.mtrace.dwarf.frame.StackSlot stackSlot(long pc) {
        return pc == 0 ? null : kernel.stackSlot(pc);
    }

    @Override
    public AddressDescription describeStack(String labelName, long base, long offset, StackFrameVotes votes) {
        org.mtrace.dwarf.frame.StackSlot s = votes.agreed();
        if (s == null) {
            return null;
        }
        String variable = s.variable() == null ? null : s.variable() + s.path();
        return new AddressDescription(AddressDescription.Form.STACK, s.function(), variable, offset,
                describeData(labelName, base, offset, 0).text() + ", " + s.render());
    }

    /**
     * A heap object's offset past {@code sizeof} its struct ({@code (*(mm_struct)0x...)+0x540}, as the
     * original renders it): the element there of the flexible array the struct ends with, if it has
     * one ({@code cpu_bitmap[0]}: the mm's cpumask, which {@code switch_mm_irqs_off} sets and clears
     * on every context switch). For the report only: the analyses print the original's rendering.
     */
    private AddressDescription flexibleTail(AddressDescription d, long base) {
        if (d.field() == null || !d.field().startsWith("+") || !d.text().equals(heapText(d.type(), base, d.field()))) {
            return d; // inside the struct, or not a heap object's plain description
        }
        String path = flexiblePath(d.type(), d.offset());
        return path == null ? d : new AddressDescription(AddressDescription.Form.TYPED, d.type(), member(path),
                d.offset(), heapText(d.type(), base, path));
    }

    /** {@code .array[i]}: the element at {@code offset} of the flexible array {@code type} ends with, or null. */
    private String flexiblePath(String type, long offset) {
        org.mtrace.dwarf.describe.FlexibleArray array = kernel.flexibleArray(type);
        return array == null || offset < array.offset() ? null : "." + array.path(offset);
    }

    /**
     * An offset of a merged cache's object that the type its allocation site shows has no member at
     * (TCP's clone pairs, two {@code sk_buff}s and a count, allocated as one {@code sk_buff}): no
     * type; the text says why.
     */
    private static AddressDescription pastInferredType(String cacheName, long offset, String siteType) {
        return new AddressDescription(AddressDescription.Form.NAME, cacheName, null, offset,
                cacheName + "+0x" + Long.toHexString(offset) + " (allocated as " + siteType + ", past its end)");
    }

    /**
     * {@code offset} bytes into a {@code type} at {@code base} that the label {@code labelName} does not
     * type, with what says so ({@code evidence}) after the label's name; null where the type has no member.
     */
    private AddressDescription inferred(String labelName, long base, long offset, String type, long pcHint, String evidence) {
        String path = kernel.fieldPath(type, offset, pcHint);
        if (path != null && path.startsWith("+")) { // past sizeof: the flexible array's element, if it ends with one
            path = flexiblePath(type, offset);
        }
        if (path == null) {
            return null; // no member there (another element past sizeof): no field path
        }
        return new AddressDescription(AddressDescription.Form.TYPED, type, member(path), offset,
                heapText(type, base, path) + " (" + labelName + ", " + evidence + ")");
    }

    private static final String BY_SITE = "type inferred from allocation site";
    private static final String BY_INSTRUCTION = "type inferred from accessing instruction";

    @Override
    public String describeTyped(String typeName, long base, long offset, long pc) {
        AddressDescription d = typed(typeName, base, offset, pc);
        return d == null ? null : d.text();
    }

    private AddressDescription typed(String typeName, long base, long offset, long pc) {
        if (typeName.isEmpty()) {
            // no label: nothing is named "" (the type sources leave anonymous types out of their name
            // indexes), and the report asks this of every unlabelled key (1.35 M of 1.37 M field-path
            // queries on a recording of exim went to the DWARF reader for the empty name)
            return null;
        }
        String path = kernel.fieldPath(typeName, offset, pc);
        if (path != null) {
            return new AddressDescription(AddressDescription.Form.TYPED, typeName, member(path), offset,
                    heapText(typeName, base, path));
        }
        VariablePath v;
        String type = typeName;
        if (ModuleRegionLabel.parse(typeName) != null) {
            v = kernel.variableAt(base + offset);
            type = v == null ? null : v.name();
        } else if (isHeapObject(base)) {
            v = null; // a slab cache may share its name with a global (skbuff_ext_cache): not that variable
        } else {
            v = kernel.variablePath(typeName, offset);
        }
        if (v == null || !v.typed()) {
            return null; // a variable without a type says no more than the fallback
        }
        int cpu = segments.cpuAt(base);
        String text = cpu < 0 ? v.render() : v.name() + "[cpu " + cpu + "]" + v.path();
        return new AddressDescription(AddressDescription.Form.TYPED, type, member(v.path()), offset, text);
    }

    /**
     * Whether a label at {@code base} is a heap object (direct map or vmalloc area, outside every
     * per-CPU area), whose name is a slab cache's, never a global's: the globals a static label names
     * live in the kernel image, their per-CPU copies in the logged per-CPU areas. Without this a
     * cache named like a global (SLUB names a merged cache after its first user: on Debian's 6.1,
     * {@code user_struct} objects come from {@code skbuff_ext_cache}, also the name of a
     * {@code struct kmem_cache *}) was described as that pointer and the globals after it.
     */
    private boolean isHeapObject(long base) {
        KernelLayout.Region r = layout().regionOf(base);
        return (r == KernelLayout.Region.DIRECT_MAP || r == KernelLayout.Region.VMALLOC) && !segments.everHeld(base);
    }

    /** ATTRIBUTION.md §2's rendering of a heap object's field: {@code (*(type)0xBASE).field}. */
    private static String heapText(String type, long base, String path) {
        return "(*(" + type + ")0x" + Long.toHexString(base) + ")" + path;
    }

    /** A path as the image writes it after the object ({@code .d_lockref.count}, {@code [2].x}), without the leading dot. */
    private static String member(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    @Override
    public String describe(long pc) {
        dropStaleMemos();
        return describeCache.getIfAbsentPutWithKey(pc, this::source);
    }

    @Override
    public List<String> describeAll(long pc) {
        dropStaleMemos();
        return describeAllCache.getIfAbsentPutWithKey(pc, this::sourceWithInlines);
    }

    @Override
    public String func(long pc) {
        dropStaleMemos();
        return funcCache.getIfAbsentPutWithKey(pc, this::function);
    }

    // what the three memos above keep, computed from the image once per PC

    private String source(long pc) {
        String s = kernel.source(pc);
        return s != null ? s : unknownFunction(pc) + " at ??:0";
    }

    private List<String> sourceWithInlines(long pc) {
        List<String> all = kernel.sourceWithInlines(pc);
        return all == null || all.isEmpty() ? List.of(describe(pc)) : List.copyOf(all);
    }

    private String function(long pc) {
        String s = kernel.function(pc);
        return s != null ? s : unknownFunction(pc);
    }

    private void dropStaleMemos() {
        long v = kernel.placementVersion();
        if (v != memoVersion) {
            memoVersion = v;
            describeCache.clear();
            funcCache.clear();
            describeAllCache.clear();
        }
    }

    /** addr2line's {@code ??} function replaced by the queried PC, as the original does. */
    private static String unknownFunction(long pc) {
        return "0x" + Long.toHexString(pc);
    }
}
