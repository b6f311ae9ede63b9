package org.mtrace.mscan.cli;

/**
 * The original mscan's options and nothing else, in registration (= usage) order, with their
 * verbatim help texts (MSCAN.md §1.1): this table fixes the legacy style's usage text and its
 * getopt_long prefix rules, so analyses added later are not options here (they are words of the
 * new style, from the catalog). Every option but the two file options enables the analysis of
 * its own name; implications (distinct-ops → distinct-sys) live in the analyses' providers.
 */
enum LegacyOption {
    KERNEL("kernel", "FILE", "ELF file of kernel (default mscan.kern)"),
    LOG_FILE("mtrace-log-file", "FILE", "mtrace.out file name"),
    STACK_TRACE_PC("stack-trace-pc", "PC", "Stack traces for access at PC"),
    SYSCALL_ACCESSES("syscall-accesses", null, "Every access, organized by syscall"),
    SYSCALL_ACCESSES_PC("syscall-accesses-pc", null, "The PC of every access, organized by syscall"),
    FALSE_SHARING("false-sharing", null, "False sharing"),
    DISTINCT_OPS("distinct-ops", null, "Average distinct cache lines per operation"),
    DISTINCT_SYS("distinct-sys", null, "Average distinct cache lines per syscall"),
    ABSTRACT_SCOPES("abstract-scopes", null, "Abstract sharing scopes"),
    UNEXPECTED_SHARING("unexpected-sharing", null, "Unexpected abstract sharing"),
    SUMMARY("summary", null, "Workload summary"),
    SHARED_ADDRESSES("shared-addresses", null, "Shared (object, address) pairs"),
    CHECK_TESTCASES("check-testcases", null, "Check for cache line sharing in commutative testcases"),
    ALL_SHARING("all-sharing", null, "Report all sharing between CPUs"),
    CACHE_ASSOC("cache-assoc", null, "Report cache associativity set contention"),
    SBW0("sbw0", null, ""),
    CHECK_GC("check-gc", null, "Check for RCU memory accessed without gc_epoch"),
    SERIAL_LENGTH("serial-length", null, "The number of instructions executed in each serial section");

    final String name;
    /** FILE or PC for options taking a value, null for flags. */
    final String valueDesc;
    final String help;

    LegacyOption(String name, String valueDesc, String help) {
        this.name = name;
        this.valueDesc = valueDesc;
        this.help = help;
    }

    /** The analysis this option enables (its own name), or null for --kernel and --mtrace-log-file. */
    String analysis() {
        return this == KERNEL || this == LOG_FILE ? null : name;
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
