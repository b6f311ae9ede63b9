package org.mtrace.mscan.kernel;

/**
 * The per-CPU section [start, end) of a kernel image, from its {@code __per_cpu_start} and
 * {@code __per_cpu_end} symbols (MSCAN.md §4.3 step 5): static symbols inside it are per-CPU
 * templates, instantiated per segment (§4.4). Empty when the image has no such symbols.
 */
public record PerCpuRange(long start, long end) {
    public static final String START_SYMBOL = "__per_cpu_start";
    public static final String END_SYMBOL = "__per_cpu_end";
    public static final PerCpuRange NONE = new PerCpuRange(0, 0);

    /** {@code start ≤ addr < end}, unsigned. */
    public boolean contains(long addr) {
        return Long.compareUnsigned(start, addr) <= 0 && Long.compareUnsigned(addr, end) < 0;
    }

    public boolean isEmpty() {
        return Long.compareUnsigned(start, end) >= 0;
    }

    /** Is {@code name} one of the two range symbols (never a static label itself)? */
    public static boolean isRangeSymbol(String name) {
        return START_SYMBOL.equals(name) || END_SYMBOL.equals(name);
    }

    /**
     * Collects the range symbols of a symbol table walk. The original takes the last symbol of
     * each name among those it considers; our readers take the first of any type (a range symbol
     * appears once in a kernel, so the rule only matters for its chosen subset).
     */
    static final class Symbols {
        private Long firstStart;
        private Long firstEnd;
        private long lastStart;
        private long lastEnd;

        void offer(String name, long value) {
            if (START_SYMBOL.equals(name)) {
                firstStart = firstStart == null ? value : firstStart;
                lastStart = value;
            } else if (END_SYMBOL.equals(name)) {
                firstEnd = firstEnd == null ? value : firstEnd;
                lastEnd = value;
            }
        }

        /** The first value offered for each symbol (0 if none). */
        PerCpuRange first() {
            return new PerCpuRange(firstStart == null ? 0 : firstStart, firstEnd == null ? 0 : firstEnd);
        }

        /** The last value offered for each symbol (0 if none). */
        PerCpuRange last() {
            return new PerCpuRange(lastStart, lastEnd);
        }
    }
}
