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
    private final LongObjectHashMap<String> describeCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<String> funcCache = new LongObjectHashMap<>();
    private final LongObjectHashMap<List<String>> describeAllCache = new LongObjectHashMap<>();

    public Attribution(KernelInfo kernel) {
        this.kernel = kernel;
    }

    public KernelInfo kernel() {
        return kernel;
    }

    /**
     * {@code resolve(type, base, offset, pc)}: the typed field path; for a static or per-CPU label
     * (named by its symbol) the variable's field path; else {@code type+0x<offset>} (full 64-bit
     * offset in lowercase hex, {@code +0x0} included).
     */
    public String resolve(String typeName, long base, long offset, long pc) {
        String d = kernel.describe(typeName, base, offset, pc);
        if (d == null) {
            d = kernel.describeVariable(typeName, offset);
        }
        return d != null ? d : typeName + "+0x" + Long.toHexString(offset);
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
