package org.mtrace.mscan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The new command line: {@code mscan [--kernel=ELF] [--stack-trace-pc=PC]... [--op-syscalls=LIST]
 * [--quiet] ANALYSIS [ANALYSIS...] LOG}. The last word is the log; every other word names an
 * analysis. Analysis arguments may repeat; they are handed to the analyses by option name.
 */
final class ModernParser {
    /** Options that carry an analysis argument. */
    static final List<String> ARGUMENT_OPTIONS = List.of("stack-trace-pc", "op-syscalls");
    /** Pass over entries of unknown type instead of stopping with an error (both styles). */
    static final String SKIP_UNKNOWN = "--skip-unknown";
    /** A directory of kernel modules (.ko with debug info) for the modules the log shows loaded. */
    static final String MODULES = "--modules";

    private ModernParser() {
    }

    /** @param known the catalog's analysis names */
    static Invocation parse(List<String> args, Collection<String> known) throws UsageException {
        String kernel = null;
        String modules = null;
        Map<String, List<String>> arguments = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        boolean quiet = false;
        boolean skipUnknown = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--quiet") || arg.equals("-q")) {
                quiet = true;
            } else if (arg.equals(SKIP_UNKNOWN)) {
                skipUnknown = true;
            } else if (arg.equals(MODULES) || arg.startsWith(MODULES + "=")) {
                modules = value(args, i, MODULES);
                i += arg.contains("=") ? 0 : 1;
            } else if (arg.startsWith("--kernel")) {
                kernel = value(args, i, "--kernel");
                i += arg.contains("=") ? 0 : 1;
            } else if (argumentOption(arg) != null) {
                String name = argumentOption(arg);
                arguments.computeIfAbsent(name, k -> new ArrayList<>()).add(value(args, i, "--" + name));
                i += arg.contains("=") ? 0 : 1;
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (words.isEmpty()) {
            throw new UsageException("no analysis and no log given");
        }
        for (String w : words.subList(0, Math.max(1, words.size() - 1))) {
            if (!known.contains(w) && (words.size() > 1 || !NameSuggestion.closest(w, known).isEmpty())) {
                throw unknownAnalysis(w, known);
            }
        }
        if (words.size() < 2) {
            String w = words.get(0);
            throw new UsageException(known.contains(w) ? "no log file given"
                    : "no analysis given for '" + w + "' (e.g. mscan summary " + w + "; mscan --list shows the analyses)");
        }
        Set<String> analyses = new LinkedHashSet<>(words.subList(0, words.size() - 1));
        if (arguments.containsKey("stack-trace-pc")) {
            analyses.add("stack-trace-pc");
        } else if (analyses.contains("stack-trace-pc")) {
            throw new UsageException("stack-trace-pc needs at least one --stack-trace-pc=PC");
        }
        if (modules != null && kernel == null) {
            throw new UsageException(MODULES + " needs --kernel (the vmlinux the modules were built for)");
        }
        return new Invocation(kernel == null ? null : Path.of(kernel), Path.of(words.get(words.size() - 1)),
                List.copyOf(analyses), Map.copyOf(arguments), quiet, false, skipUnknown,
                modules == null ? null : Path.of(modules));
    }

    /** One line, no usage text: the name and the closest analysis names, or where to find them. */
    static UsageException unknownAnalysis(String word, Collection<String> known) {
        String hint = NameSuggestion.hint(word, known);
        return new UsageException("unknown analysis '" + word + "'" + (hint.isEmpty() ? " (mscan --list shows the analyses)" : hint),
                false);
    }

    /** Whether {@code arg} is an option of this style (the options both styles share included). */
    static boolean isOption(String arg) {
        return arg.equals("--") || arg.equals("--quiet") || arg.equals("-q") || arg.equals("--kernel")
                || arg.equals(MODULES) || arg.startsWith(MODULES + "=")
                || arg.startsWith("--kernel=") || argumentOption(arg) != null;
    }

    private static String argumentOption(String arg) {
        for (String name : ARGUMENT_OPTIONS) {
            if (arg.equals("--" + name) || arg.startsWith("--" + name + "=")) {
                return name;
            }
        }
        return null;
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        String arg = args.get(i);
        if (arg.equals(option)) {
            if (i + 1 >= args.size()) {
                throw new UsageException("option '" + option + "' needs a value");
            }
            return args.get(i + 1);
        }
        if (!arg.startsWith(option + "=")) {
            throw new UsageException("unknown option '" + arg + "'");
        }
        return arg.substring(option.length() + 1);
    }

    static String usage() {
        return """
                usage: mscan [--kernel=ELF [--modules=DIR]] [--stack-trace-pc=PC]... [--op-syscalls=SYS,...]
                             [--quiet] [--skip-unknown] ANALYSIS [ANALYSIS...] LOG|-
                       mscan --kernel=ELF --mtrace-log-file=LOG --ANALYSIS...   (the original's options)
                       mscan --list | --help | --version

                Runs the analyses in one pass over LOG and prints one JSON document with one
                top-level key per analysis (MSCAN.md). Progress goes to stderr when it is a terminal.
                LOG '-' reads standard input. An entry of unknown type is an error unless --skip-unknown.
                --modules=DIR: kernel modules with debug info (NAME.ko anywhere under DIR, e.g. the -dbg
                package's /usr/lib/debug/lib/modules/VERSION) for the modules the log shows loaded: their
                code and static data are described from them.
                Exit status: 0 ok; 2 bad usage, bad input or a failed analysis (the others still print;
                every error is one line on stderr naming the file, entry index and byte offset);
                1 an analysis found nothing because the log lacks what it needs (stderr says what).
                """;
    }
}
