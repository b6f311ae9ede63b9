package org.mtrace.mscan.cli;

/**
 * The original mscan's options, in registration (= usage) order, with their verbatim help texts
 * (MSCAN.md §1.1). Analysis options name the analysis they enable; implications (distinct-ops →
 * distinct-sys, syscall-accesses-pc → syscall-accesses) live in the analyses' providers.
 */
enum LegacyOption {
    KERNEL("kernel", "FILE", "ELF file of kernel (default mscan.kern)", null),
    LOG_FILE("mtrace-log-file", "FILE", "mtrace.out file name", null),
    STACK_TRACE_PC("stack-trace-pc", "PC", "Stack traces for access at PC", "stack-trace-pc"),
    SYSCALL_ACCESSES("syscall-accesses", null, "Every access, organized by syscall", "syscall-accesses"),
    SYSCALL_ACCESSES_PC("syscall-accesses-pc", null, "The PC of every access, organized by syscall", "syscall-accesses-pc"),
    FALSE_SHARING("false-sharing", null, "False sharing", "false-sharing"),
    DISTINCT_OPS("distinct-ops", null, "Average distinct cache lines per operation", "distinct-ops"),
    DISTINCT_SYS("distinct-sys", null, "Average distinct cache lines per syscall", "distinct-sys"),
    ABSTRACT_SCOPES("abstract-scopes", null, "Abstract sharing scopes", "abstract-scopes"),
    UNEXPECTED_SHARING("unexpected-sharing", null, "Unexpected abstract sharing", "unexpected-sharing"),
    SUMMARY("summary", null, "Workload summary", "summary"),
    SHARED_ADDRESSES("shared-addresses", null, "Shared (object, address) pairs", "shared-addresses"),
    CHECK_TESTCASES("check-testcases", null, "Check for cache line sharing in commutative testcases", "check-testcases"),
    ALL_SHARING("all-sharing", null, "Report all sharing between CPUs", "all-sharing"),
    CACHE_ASSOC("cache-assoc", null, "Report cache associativity set contention", "cache-assoc"),
    SBW0("sbw0", null, "", "sbw0"),
    CHECK_GC("check-gc", null, "Check for RCU memory accessed without gc_epoch", "check-gc"),
    SERIAL_LENGTH("serial-length", null, "The number of instructions executed in each serial section", "serial-length");

    final String name;
    /** FILE or PC for options taking a value, null for flags. */
    final String valueDesc;
    final String help;
    /** Analysis enabled by this option, or null. */
    final String analysis;

    LegacyOption(String name, String valueDesc, String help, String analysis) {
        this.name = name;
        this.valueDesc = valueDesc;
        this.help = help;
        this.analysis = analysis;
    }

    boolean takesValue() {
        return valueDesc != null;
    }

    /** The usage line: two spaces, the flag text left-justified in 22 columns, a space, the help. */
    String usageLine() {
        String flag = "--" + name + (takesValue() ? "=" + valueDesc : "");
        return "  " + String.format("%-22s", flag) + " " + help;
    }
}
