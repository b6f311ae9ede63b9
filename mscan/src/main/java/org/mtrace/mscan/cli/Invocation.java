package org.mtrace.mscan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line, whichever style it came in.
 *
 * @param kernel     kernel ELF, or null to run without one (new style without --kernel)
 * @param log        the log file ({@code -}: standard input)
 * @param analyses   analysis names in the order given (the pass orders them per MSCAN.md §2)
 * @param arguments  analysis arguments as typed, e.g. {@code stack-trace-pc} → PCs
 * @param quiet      no progress output
 * @param legacy     parsed from the original's options
 * @param skipUnknown entries of unknown type are passed over instead of ending the pass with an error
 * @param systemMap  {@code --system-map}: symbols for a kernel without DWARF (bzImage or BTF-only vmlinux), or null
 */
record Invocation(Path kernel, Path log, List<String> analyses, Map<String, List<String>> arguments, boolean quiet, boolean legacy,
        boolean skipUnknown, Path modules, Path systemMap) {
    Invocation(Path kernel, Path log, List<String> analyses, Map<String, List<String>> arguments, boolean quiet,
            boolean legacy, boolean skipUnknown, Path modules) {
        this(kernel, log, analyses, arguments, quiet, legacy, skipUnknown, modules, null);
    }

    Invocation(Path kernel, Path log, List<String> analyses, Map<String, List<String>> arguments, boolean quiet,
            boolean legacy, boolean skipUnknown) {
        this(kernel, log, analyses, arguments, quiet, legacy, skipUnknown, null);
    }

    /** The log name that means standard input. */
    static final String STDIN = "-";

    boolean logFromStdin() {
        return log.toString().equals(STDIN);
    }
}
