package org.mtrace.mscan.kernel;

import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The original's renderings on top of a {@link KernelInfo} (ATTRIBUTION.md §2, §3.2), memoised per
 * PC: {@code resolve} for data addresses, {@code describe}/{@code describeAll}/{@code func} for
 * PCs. Never returns null; unknown things get the original's fallback text.
 */
public final class Attribution {
    private final KernelInfo kernel;
    private final PerCpuSegments segments = new PerCpuSegments();
    private KernelLayout layout;
    private final LongObjectHashMap<String> describeCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<String> funcCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<List<String>> describeAllCache = new LongObjectHashMap<>();

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
        String d = describeTyped(typeName, base, offset, pc);
        if (d != null) {
            return d;
        }
        String fallback = typeName + "+0x" + Long.toHexString(offset);
        if (typeName.isEmpty()) {
            String region = layout().regionOf(offset).label();
            return region == null ? fallback : fallback + " (" + region + ")";
        }
        return fallback;
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

    /** addr2line's {@code ??} function replaced by the queried PC, as the original does. */
    private static String unknownFunction(long pc) {
        return "0x" + Long.toHexString(pc);
    }
}
