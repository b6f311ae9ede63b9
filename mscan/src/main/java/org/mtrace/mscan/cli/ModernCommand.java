package org.mtrace.mscan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.QuietOption;
import org.mtrace.format.cli.VersionProvider;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.AnalysisSetup;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.LineSizeOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The new command line as picocli sees it: {@code mscan [OPTIONS] ANALYSIS [ANALYSIS...] LOG}, plus the
 * subcommands ({@link Subcommand}). The options declared here are what {@code --help}, the completion
 * script and the man page show; the words are checked against the catalog after parsing (the last
 * word is the log, every other word names an analysis). Analysis arguments may repeat; they are handed
 * to the analyses by option name.
 */
@Command(name = "mscan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = {
            // lines within 80 columns with "Usage: ": picocli wraps longer ones at the left margin
            "mscan [--kernel=ELF [--modules=DIR]] [--stack-trace-pc=PC]...",
            "             [--op-syscalls=SYS,...] [--quiet] [--skip-unknown]",
            "             [--line-size=N] [--csv=FILE] ANALYSIS [ANALYSIS...] LOG|-",
            "       mscan --kernel=ELF --mtrace-log-file=LOG --ANALYSIS...  (the original's)",
            "       mscan --list | --help | --version"},
        descriptionHeading = "%n",
        description = {"Runs the analyses in one pass over LOG and prints one JSON document with one top-level key per "
                + "analysis (MSCAN.md). Progress goes to stderr when it is a terminal. LOG '-' reads standard "
                + "input. An entry of unknown type is an error unless --skip-unknown."},
        exitCodeList = "1:the document is complete, but an analysis found nothing because the log lacks what it "
                + "needs (a record mode, call traces, ...: stderr says what)")
final class ModernCommand implements Callable<Integer>, VersionProvider.Label {
    /** Options that carry an analysis argument, by the name the analyses ask for. */
    static final String STACK_TRACE_PC = "stack-trace-pc";
    static final String OP_SYSCALLS = "op-syscalls";
    static final String CSV = "csv";
    /** Pass over entries of unknown type instead of stopping with an error (both styles). */
    static final String SKIP_UNKNOWN = "--skip-unknown";

    @Option(names = "--kernel", paramLabel = "ELF",
            description = "kernel image: vmlinux with DWARF (names struct fields, variables, functions, lines), or "
                    + "without it a bzImage (vmlinuz) or vmlinux with BTF (types from BTF, symbols from System.map)")
    Path kernel;

    @Option(names = "--system-map", paramLabel = "FILE",
            description = "System.map (or a /proc/kallsyms copy) for a --kernel without DWARF; default: "
                    + "System.map-VERSION beside vmlinuz-VERSION, else the image's own kallsyms tables")
    Path systemMap;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "kernel modules with debug info (NAME.ko anywhere under DIR, e.g. the -dbg package's "
                    + "/usr/lib/debug/lib/modules/VERSION) for the modules the log shows loaded (needs --kernel)")
    Path modules;

    @Option(names = "--" + STACK_TRACE_PC, paramLabel = "PC",
            description = "stack-trace-pc: the call stacks that reached this PC (hex; repeatable; runs stack-trace-pc)")
    List<String> stackTracePcs = new ArrayList<>();

    @Option(names = "--" + OP_SYSCALLS, paramLabel = "SYS,...",
            description = "distinct-ops: the application's system calls, as names or 0x entry PCs (repeatable)")
    List<String> opSyscalls = new ArrayList<>();

    @Option(names = "--" + CSV, paramLabel = "FILE",
            description = "page-faults: also write its events as pc,address,kind,cpu,pid,time rows to FILE")
    Path csv;

    @Mixin
    LineSizeOption lineSize;

    @Option(names = SKIP_UNKNOWN, description = "pass over entries of unknown type (default: stop with an error)")
    boolean skipUnknown;

    @Mixin
    QuietOption quiet;

    @Option(names = "--list", description = "list the analyses (name and description) and exit")
    boolean list;

    @Parameters(paramLabel = "WORD", arity = "0..*", completionCandidates = AnalysisNames.class,
            description = "analysis names (mscan --list), then the log (gzip, BGZF or raw); '-' reads standard input")
    List<String> words = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final MscanMain main;
    private final AnalysisCatalog catalog;

    ModernCommand(MscanMain main, AnalysisCatalog catalog) {
        this.main = main;
        this.catalog = catalog;
    }

    List<String> catalogNames() {
        return catalog.names();
    }

    /** "mscan (mtrace Java) VERSION": the words in parentheses tell it apart from the original mscan. */
    @Override
    public String versionLabel() {
        return "mscan (mtrace Java)";
    }

    @Override
    public Integer call() {
        if (list) {
            spec.commandLine().getOut().print(MscanMain.analysisList(catalog));
            spec.commandLine().getOut().flush();
            return MscanMain.OK;
        }
        return main.execute(invocation());
    }

    /** The parsed words and options as a pass to run, or a usage error. */
    Invocation invocation() {
        List<String> known = catalog.names();
        List<String> suggestible = MscanMain.suggestible(spec.commandLine());
        if (words.isEmpty()) {
            throw usage("no analysis and no log given");
        }
        for (String w : words.subList(0, Math.max(1, words.size() - 1))) {
            if (!known.contains(w) && (words.size() > 1 || !NameSuggestion.closest(w, suggestible).isEmpty())) {
                throw unknownAnalysis(spec, w, suggestible);
            }
        }
        if (words.size() < 2) {
            String w = words.get(0);
            if (known.contains(w)) {
                throw usage("no log file given");
            }
            throw Cli.selfExplainedUsageError(spec,
                    "no analysis given for '" + w + "' (e.g. mscan summary " + w + "; mscan --list shows the analyses)");
        }
        Set<String> analyses = new LinkedHashSet<>(words.subList(0, words.size() - 1));
        Map<String, List<String>> arguments = new LinkedHashMap<>();
        if (!stackTracePcs.isEmpty()) {
            arguments.put(STACK_TRACE_PC, List.copyOf(stackTracePcs));
            analyses.add(STACK_TRACE_PC);
        } else if (analyses.contains(STACK_TRACE_PC)) {
            throw usage("stack-trace-pc needs at least one --stack-trace-pc=PC");
        }
        if (!opSyscalls.isEmpty()) {
            arguments.put(OP_SYSCALLS, List.copyOf(opSyscalls));
        }
        if (csv != null) {
            if (!analyses.contains("page-faults")) {
                throw usage("--csv writes the events of the page-faults analysis: name it (mscan page-faults --csv=FILE LOG)");
            }
            arguments.put(CSV, List.of(csv.toString()));
        }
        try {
            LineSize size = lineSize.lineSize();
            if (size != LineSize.DEFAULT) { // absent: the default, so the original's arguments stay as they were
                arguments.put(AnalysisSetup.LINE_SIZE, List.of(Integer.toString(size.bytes())));
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (systemMap != null && kernel == null) {
            throw usage("--system-map needs --kernel (the image the map belongs to)");
        }
        if (modules != null && kernel == null) {
            throw usage("--modules needs --kernel (the vmlinux the modules were built for)");
        }
        return new Invocation(kernel, Path.of(words.get(words.size() - 1)), List.copyOf(analyses), Map.copyOf(arguments),
                quiet.quiet(), false, skipUnknown, modules, systemMap);
    }

    private ParameterException usage(String message) {
        return Cli.usageError(spec, message);
    }

    /** One line that says all: the word and the closest names, or where to find them (no "see --help"). */
    static ParameterException unknownAnalysis(CommandSpec spec, String word, Collection<String> names) {
        String hint = NameSuggestion.hint(word, names);
        return Cli.selfExplainedUsageError(spec, "unknown analysis '" + word + "'"
                + (hint.isEmpty() ? " (mscan --list shows the analyses)" : hint));
    }
}
