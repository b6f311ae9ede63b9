package org.mtrace.mscan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The original's command line (MSCAN.md §1.1), parsed like GNU {@code getopt_long} with long
 * options only: {@code --opt=VALUE} or {@code --opt VALUE}, unambiguous prefixes (an exact name
 * wins), non-option arguments ignored, {@code --} ends options; a single-dash argument is an
 * unknown short option. With no arguments at all the default analyses distinct-sys,
 * false-sharing and summary run on mscan.kern and mtrace.out. Additions (exact spelling only,
 * absent from the original's usage text): {@code --quiet} and {@code --op-syscalls=SYS,...}.
 */
final class LegacyParser {
    static final List<String> DEFAULT_ANALYSES = List.of("distinct-sys", "false-sharing", "summary");
    static final String DEFAULT_KERNEL = "mscan.kern";
    static final String DEFAULT_LOG = "mtrace.out";
    /** distinct-ops' system-call list, accepted in this style too (not an original option). */
    static final String OP_SYSCALLS = "op-syscalls";

    private LegacyParser() {
    }

    static Invocation parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            return new Invocation(Path.of(DEFAULT_KERNEL), Path.of(DEFAULT_LOG), DEFAULT_ANALYSES, Map.of(), false, true, false);
        }
        String kernel = DEFAULT_KERNEL;
        String log = DEFAULT_LOG;
        Set<String> analyses = new LinkedHashSet<>();
        List<String> pcs = new ArrayList<>();
        List<String> opSyscalls = new ArrayList<>();
        boolean quiet = false;
        boolean skipUnknown = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                continue; // the original silently ignores non-option arguments
            }
            if (arg.equals("--quiet") || arg.equals("-q")) { // our addition: progress off (not an original option)
                quiet = true;
                continue;
            }
            if (arg.equals(ModernCommand.SKIP_UNKNOWN)) { // our addition, exact spelling only
                skipUnknown = true;
                continue;
            }
            if (!arg.startsWith("--")) { // getopt_long: short options, of which the original has none
                throw new UsageException(unrecognized(arg));
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            // our addition (exact spelling only): distinct-ops' system calls, as in the new style
            boolean opList = name.equals(OP_SYSCALLS);
            LegacyOption opt = opList ? null : lookup(name, arg);
            String value = null;
            if (opList || opt.takesValue()) {
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(unrecognized(arg));
                }
            } else if (eq >= 0) {
                throw new UsageException(unrecognized(arg));
            }
            if (opList) {
                opSyscalls.add(value);
                continue;
            }
            switch (opt) {
                case KERNEL -> kernel = value;
                case LOG_FILE -> log = value;
                case STACK_TRACE_PC -> {
                    pcs.add(value);
                    analyses.add(opt.analysis());
                }
                default -> analyses.add(opt.analysis());
            }
        }
        return new Invocation(Path.of(kernel), Path.of(log), List.copyOf(analyses),
                Map.of("stack-trace-pc", List.copyOf(pcs), OP_SYSCALLS, List.copyOf(opSyscalls)), quiet, true, skipUnknown);
    }

    /**
     * Whether {@code arg} is an option of this parser whose value is the next argument
     * ({@code --kernel FILE}, also abbreviated: {@code --kern FILE}).
     */
    static boolean takesNextArgument(String arg) {
        if (!arg.startsWith("--") || arg.contains("=")) {
            return false;
        }
        if (arg.equals("--" + OP_SYSCALLS)) {
            return true;
        }
        try {
            return lookup(arg.substring(2), arg).takesValue();
        } catch (UsageException e) {
            return false;
        }
    }

    /**
     * Exact name, else the first option (registration order) the name is a prefix of, as glibc's
     * {@code getopt_long} resolves it for the original's option table: every option there has
     * {@code flag = NULL, val = 0}, so several prefix matches are ambiguous only when one of them
     * differs from the first in taking a value ({@code --distinct} is {@code --distinct-ops},
     * {@code --check} is {@code --check-testcases}; {@code --s} is ambiguous).
     */
    private static LegacyOption lookup(String name, String arg) throws UsageException {
        LegacyOption first = null;
        boolean ambiguous = false;
        for (LegacyOption o : LegacyOption.values()) {
            if (o.name.equals(name)) {
                return o;
            }
            if (!name.isEmpty() && o.name.startsWith(name)) {
                if (first == null) {
                    first = o;
                } else if (o.takesValue() != first.takesValue()) {
                    ambiguous = true;
                }
            }
        }
        if (first != null && !ambiguous) {
            return first;
        }
        throw new UsageException(unrecognized(arg));
    }

    /** The original reports unknown, ambiguous, value-less and over-valued options alike. */
    private static String unrecognized(String arg) {
        return "unrecognized option '" + arg + "'";
    }

    /** The original's usage text (after the error line). */
    static String usage(String program) {
        StringBuilder sb = new StringBuilder("usage: ").append(program).append(" [options]\n\n");
        for (LegacyOption o : LegacyOption.values()) {
            sb.append(o.usageLine()).append('\n');
        }
        return sb.toString();
    }
}
