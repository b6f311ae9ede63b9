package org.mtrace.mscan.kernel;

import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * The original's renderings on top of a {@link KernelInfo} (ATTRIBUTION.md §2, §3.2), memoised per
 * PC: {@code resolve} for data addresses, {@code describe}/{@code describeAll}/{@code func} for
 * PCs. Never returns null; unknown things get the original's fallback text. The memos hold while
 * the kernel's {@link KernelInfo#placementVersion()} is unchanged: a module loaded (again) may
 * describe a PC differently.
 */
public final class Attribution {
    private final KernelInfo kernel;
    private final PerCpuSegments segments = new PerCpuSegments();
    private KernelLayout layout;
    private final LongObjectHashMap<String> describeCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<String> funcCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<List<String>> describeAllCache = new LongObjectHashMap<>();
    /** The kernel's placement version the memos were made under. */
    private long memoVersion;

    public Attribution(KernelInfo kernel) {
        this.kernel = kernel;
    }

    public KernelInfo kernel() {
        return kernel;
    }

    /** The per-CPU areas of the log, filled by the engine's segment handler. */
    public PerCpuSegments perCpuSegments() {
        return segments;
    }

    /** The kernel's address-space layout (computed on first use: it asks DWARF for struct page). */
    public KernelLayout layout() {
        if (layout == null) {
            layout = KernelLayout.of(kernel);
        }
        return layout;
    }

    /**
     * {@code resolve(type, base, offset, pc)}: {@link #describeTyped} if the image knows the type
     * or variable, else {@code type+0x<offset>} (full 64-bit offset in lowercase hex, {@code +0x0}
     * included). For an unlabelled address (empty type, base 0) the fallback {@code +0x<address>}
     * is followed by the name of its region, e.g. {@code +0xffff888001234000 (direct map,
     * unlabelled)}, when the address is in a known one.
     */
    public String resolve(String typeName, long base, long offset, long pc) {
        return describeData(typeName, base, offset, pc).text();
    }

    /**
     * The typed description behind {@link #resolve}: TYPED when the image knows the label's type
     * or variable (type and field path straight from the image's types), NAME for another label,
     * USER, REGION or NONE for an unlabelled address (empty {@code typeName}, {@code offset} = the
     * address) by its region.
     */
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

    /**
     * {@link #describeData} for a labelled object of label type {@code labelType} allocated at
     * {@code allocPc}: a page-allocator block whose allocating function tells its purpose
     * ({@link BlockPurpose}) is a REGION named by that purpose when no type describes it.
     */
    public AddressDescription describeLabelled(String typeName, long base, long offset, long pc, boolean block,
            long allocPc) {
        AddressDescription d = describeData(typeName, base, offset, pc);
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

    /** The type the allocation site {@code allocPc} suggests for a heap label named {@code typeName}, or null. */
    public org.mtrace.dwarf.alloc.SiteType inferredType(String typeName, long allocPc) {
        if (inferredTypes == null) {
            inferredTypes = new InferredHeapType(kernel);
        }
        return inferredTypes.typeFor(typeName, allocPc);
    }

    /**
     * A TYPED description of {@code offset} bytes into an untyped heap object ({@code kmalloc-N})
     * with the type its allocation site suggests ({@link #inferredType}); the text says the type is
     * inferred: {@code (*(super_block)0x...).s_list (kmalloc-2k, type inferred from allocation site)}.
     * Null when there is no such type or it does not describe the offset.
     */
    public AddressDescription describeInferred(String typeName, long base, long offset, long allocPc) {
        org.mtrace.dwarf.alloc.SiteType t = inferredType(typeName, allocPc);
        return t == null ? null : inferred(typeName, base, offset, t.type(), allocPc, "allocation site");
    }

    // ---- issue 16 item 4, the fallback: types from the accessing instruction (InstructionHeapType) ----

    private InstructionHeapType instructionTypes;

    /**
     * The type the access at {@code pc}, {@code offset} bytes into a heap object labelled {@code typeName},
     * proposes for the object, or null; the object's accesses decide together ({@link AccessVotes}).
     */
    public org.mtrace.dwarf.insn.AccessType instructionType(String typeName, long offset, long pc) {
        if (instructionTypes == null) {
            instructionTypes = new InstructionHeapType(kernel);
        }
        return instructionTypes.typeFor(typeName, offset, pc);
    }

    /**
     * A TYPED description of {@code offset} bytes into an untyped heap object with the type its accesses
     * agreed on ({@link AccessVotes}):
     * {@code (*(conn)0x...).state (kmalloc-64, type inferred from accessing instruction)}; null when the
     * type does not describe the offset.
     */
    public AddressDescription describeByInstruction(String typeName, long base, long offset, AccessVotes votes) {
        org.mtrace.dwarf.insn.AccessType t = votes.agreed();
        return t == null ? null : inferred(typeName, base, offset, t.type(), votes.pc(), "accessing instruction");
    }

    private AddressDescription inferred(String typeName, long base, long offset, String type, long pcHint, String from) {
        String path = kernel.fieldPath(type, offset, pcHint);
        if (path == null || path.startsWith("+")) {
            return null; // no member there (past sizeof: another element, a flexible tail): no field path
        }
        return new AddressDescription(AddressDescription.Form.TYPED, type, member(path), offset,
                heapText(type, base, path) + " (" + typeName + ", type inferred from " + from + ")");
    }

    /**
     * The typed description of {@code offset} bytes into an object labelled {@code typeName} at
     * {@code base}: {@code (*(type)0xBASE).field} if the name is a type; else, for a static or
     * per-CPU label (named by its symbol), the variable's field path, with the CPU whose per-CPU
     * area holds {@code base} named after the variable ({@code runqueues[cpu 2].lock}); for a
     * kernel module's region label, the module's variable there. Null when the image types none
     * of these (the caller's fallback is {@code type+0xOFF}).
     */
    public String describeTyped(String typeName, long base, long offset, long pc) {
        AddressDescription d = typed(typeName, base, offset, pc);
        return d == null ? null : d.text();
    }

    private AddressDescription typed(String typeName, long base, long offset, long pc) {
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

    /** ATTRIBUTION.md §2's rendering of a heap object's field: {@code (*(type)0xBASE).field}. */
    private static String heapText(String type, long base, String path) {
        return "(*(" + type + ")0x" + Long.toHexString(base) + ")" + path;
    }

    /** A path as the image writes it after the object ({@code .d_lockref.count}, {@code [2].x}), without the leading dot. */
    private static String member(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** {@code describe(pc)}: {@code func at file:line}; unknown: {@code 0x<pc> at ??:0}. */
    public String describe(long pc) {
        dropStaleMemos();
        String s = describeCache.get(pc);
        if (s == null) {
            s = kernel.source(pc);
            if (s == null) {
                s = unknownFunction(pc) + " at ??:0";
            }
            describeCache.put(pc, s);
        }
        return s;
    }

    /** {@code describe_all(pc)}: every inline frame, innermost first (at least one entry). */
    public List<String> describeAll(long pc) {
        dropStaleMemos();
        List<String> all = describeAllCache.get(pc);
        if (all == null) {
            all = kernel.sourceWithInlines(pc);
            all = all == null || all.isEmpty() ? List.of(describe(pc)) : List.copyOf(all);
            describeAllCache.put(pc, all);
        }
        return all;
    }

    /** {@code func(pc)}: the innermost function's name; unknown: {@code 0x<pc>}. */
    public String func(long pc) {
        dropStaleMemos();
        String s = funcCache.get(pc);
        if (s == null) {
            s = kernel.function(pc);
            if (s == null) {
                s = unknownFunction(pc);
            }
            funcCache.put(pc, s);
        }
        return s;
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
