package org.mtrace.mscan.kernel;

import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

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
     * The typed description behind {@link #resolve}: TYPED when {@link #describeTyped} knows the
     * label's type or variable (type and field path taken from that description), NAME for
     * another label, USER, REGION or NONE for an unlabelled address (empty {@code typeName},
     * {@code offset} = the address) by its region.
     */
    public AddressDescription describeData(String typeName, long base, long offset, long pc) {
        String d = describeTyped(typeName, base, offset, pc);
        if (d != null) {
            return new AddressDescription(AddressDescription.Form.TYPED, typeName, fieldPath(d), offset, d);
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
        if (d.form() == AddressDescription.Form.NAME && block && allocPc != 0) {
            String purpose = BlockPurpose.of(func(allocPc));
            if (purpose != null) {
                return new AddressDescription(AddressDescription.Form.REGION, null, null, offset,
                        purpose + " " + d.text());
            }
        }
        return d;
    }

    /**
     * The member path of a typed description: what follows {@code (*(T)0xBASE)} of a heap
     * description, or the variable name (and {@code [cpu N]}) of a variable's; without the
     * leading dot ({@code d_lockref.count}, {@code [2].x}, "" for the whole object).
     */
    static String fieldPath(String description) {
        int start;
        if (description.startsWith("(*(")) {
            start = description.indexOf(')', description.indexOf(")0x") + 3) + 1;
        } else {
            start = 0;
            while (start < description.length() && isIdentifierChar(description.charAt(start))) {
                start++;
            }
            if (description.startsWith("[cpu ", start)) {
                start = description.indexOf(']', start) + 1;
            }
        }
        String path = description.substring(start);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /**
     * The typed description of {@code offset} bytes into an object labelled {@code typeName} at
     * {@code base}: a field path {@code (*(type)0xBASE).field} if the name is a type; else, for a
     * static or per-CPU label (named by its symbol), the variable's field path, with the CPU
     * whose per-CPU area holds {@code base} named after the variable ({@code runqueues[cpu
     * 2].lock}); null when the image knows neither (the caller's fallback is {@code type+0xOFF}).
     */
    public String describeTyped(String typeName, long base, long offset, long pc) {
        String d = kernel.describe(typeName, base, offset, pc);
        if (d == null) {
            d = kernel.describeVariable(typeName, offset);
            if (d == null || d.equals(typeName + "+0x" + Long.toHexString(offset))) {
                return null; // a variable without a DWARF type says no more than the fallback
            }
            d = withCpu(d, segments.cpuAt(base));
        }
        return d;
    }

    /** {@code var.field} → {@code var[cpu N].field} (no change for -1: not in a per-CPU area). */
    private static String withCpu(String variablePath, int cpu) {
        if (cpu < 0) {
            return variablePath;
        }
        int end = 0;
        while (end < variablePath.length() && isIdentifierChar(variablePath.charAt(end))) {
            end++;
        }
        return variablePath.substring(0, end) + "[cpu " + cpu + "]" + variablePath.substring(end);
    }

    private static boolean isIdentifierChar(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
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
