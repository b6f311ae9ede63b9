package org.mtrace.mscan.report;

import java.util.List;

/**
 * The report's selection and ranking options (the JSON "filters" object).
 *
 * @param sort     ranking of the lines: transfers, cpus or writes
 * @param top      rows per table
 * @param struct   only lines holding this type, and only this type in the data profile; or null
 * @param function only lines with a code site in this function (innermost or out-of-line); or null
 * @param cpus     only transfers by these CPUs; or null for all
 * @param scope    kernel, user or all addresses
 */
public record Filters(Sort sort, int top, String struct, String function, List<Integer> cpus, AddressScope scope) {

    /** The orders of {@code --sort}. */
    public enum Sort {
        transfers, cpus, writes
    }

    public static Filters defaults() {
        return new Filters(Sort.transfers, 20, null, null, null, AddressScope.ALL);
    }

    /** Bit c set: transfers by CPU c count. */
    long cpuMask() {
        if (cpus == null) {
            return -1L;
        }
        long m = 0;
        for (int c : cpus) {
            m |= 1L << c;
        }
        return m;
    }
}
