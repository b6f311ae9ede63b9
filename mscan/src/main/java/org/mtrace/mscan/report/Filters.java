package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report's selection and ranking options (the JSON "filters" object).
 *
 * @param sort     ranking of the lines: transfers, cpus or writes
 * @param top      rows per table
 * @param struct   only lines holding this type, and only this type in the data profile; or null
 * @param function only lines with a code site in this function (innermost or out-of-line); or null
 * @param cpus     only transfers by these CPUs; or null for all
 * @param scope    kernel, user or all addresses
 * @param syscalls which system calls' transfers count ({@link SyscallFilter#ALL}: every one's)
 */
public record Filters(Sort sort, int top, String struct, String function, List<Integer> cpus, AddressScope scope,
        SyscallFilter syscalls) {

    /** Filters that count the transfers of every system call. */
    public Filters(Sort sort, int top, String struct, String function, List<Integer> cpus, AddressScope scope) {
        this(sort, top, struct, function, cpus, scope, SyscallFilter.ALL);
    }

    /** The orders of {@code --sort}. */
    public enum Sort {
        transfers, cpus, writes
    }

    public static Filters defaults() {
        return new Filters(Sort.transfers, 20, null, null, null, AddressScope.ALL);
    }

    /**
     * The options that narrow or reorder the report, as they are written on the command line
     * ({@code --cpu=0,2}), in the order of {@code mscan report --help}; empty for the defaults.
     */
    List<String> asOptions() {
        Filters d = defaults();
        List<String> out = new ArrayList<>();
        if (sort != d.sort) {
            out.add("--sort=" + sort);
        }
        if (top != d.top) {
            out.add("--top=" + top);
        }
        if (struct != null) {
            out.add("--struct=" + struct);
        }
        if (function != null) {
            out.add("--function=" + function);
        }
        if (cpus != null) {
            out.add("--cpu=" + cpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (syscalls.only() != null) {
            out.add("--syscall=" + String.join(",", syscalls.only()));
        }
        if (syscalls.except() != null) {
            out.add("--exclude-syscall=" + String.join(",", syscalls.except()));
        }
        if (scope != AddressScope.ALL) {
            out.add("--" + scope.label() + "-only");
        }
        return out;
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
