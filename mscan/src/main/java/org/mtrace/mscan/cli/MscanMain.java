package org.mtrace.mscan.cli;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.ExitCodes;
import org.mtrace.format.io.FileNames;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.Problem;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Engine;
import org.mtrace.mscan.engine.OutOfMemory;
import org.mtrace.mscan.engine.Pass;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.engine.SplitPass;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelImageException;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.ModuleDirectory;
import org.mtrace.mscan.kernel.ModuleKernelInfo;
import org.mtrace.dwarf.index.IndexCache;
import org.mtrace.mscan.kernel.KernelInfoFactory;
import org.mtrace.mscan.progress.ProgressReporter;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code bin/mscan}: picks the command-line style (new: analysis names as words; otherwise the
 * original's options), runs one pass, prints the JSON document on stdout.
 * Exit status: 0 ok; 2 bad usage, unreadable kernel or log, log fault, tracker fault, a failed
 * analysis or one that needs a kernel image the run lacks (everything that could still be
 * computed is printed; every failure is one line on stderr whose parts each name the file, entry
 * index and byte offset); 1 the document is complete but an analysis found nothing because the
 * log lacks what it needs (a record mode, call traces, ...: stderr names it, see Requirements).
 */
public final class MscanMain {
    public static final int OK = ExitCodes.OK;
    public static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    /** The document was printed, but an analysis found nothing because the log lacks what it needs. */
    public static final int UNMET_REQUIREMENT = 1;
    /** Options that alone on the command line are the new style's (the original had none of them). */
    private static final Set<String> STANDALONE = Set.of("--help", "-h", "--version", "-V", "--list");
    /** Environment variable: 2 splits a pass over two threads where it can be ({@link #splits}); unset or 1: one thread. */
    static final String ANALYSIS_THREADS = "MTRACE_ANALYSIS_THREADS";
    /** Smallest maximum heap with which a pass is split over two threads. */
    private static final long SPLIT_MIN_HEAP = 512L << 20;
    private static final String ANALYSES_SECTION = "analyses";
    private static final String ORIGINAL_SECTION = "originalOptions";
    /** No arguments and none of the original's default files here. */
    private static final String NOTHING_TO_DO = """
            mscan: nothing to analyse: no arguments, and neither mtrace.out nor mscan.kern (the original's
            defaults) is in this directory. Run, for example:
              mscan report --kernel=vmlinux LOG                    (the contention report: lines, fields, code)
              mscan summary false-sharing --kernel=vmlinux LOG    (analyses by name, one pass over LOG)
              mscan --list                                         (the analyses)
              mscan --help                                         (all options)
            """;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final AnalysisCatalog catalog;

    /** A CLI writing to the given streams (tests embed it this way); the log '-' is {@code stdin}. */
    public MscanMain(InputStream stdin, PrintStream stdout, PrintStream stderr, AnalysisCatalog catalog) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.catalog = catalog;
    }

    /** Whether a pass began: an out-of-memory error that escapes {@link #run} came after it. */
    private boolean passStarted;

    /** A CLI writing to the given streams and reading the log '-' from {@link System#in}. */
    public MscanMain(PrintStream stdout, PrintStream stderr, AnalysisCatalog catalog) {
        this(System.in, stdout, stderr, catalog);
    }

    public static void main(String[] args) {
        // A background thread that dies of an Error has already handed it to the pass as a fault: one line, no trace.
        Thread.setDefaultUncaughtExceptionHandler((t, x) -> System.err.println("mscan: " + t.getName() + ": " + x));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.ISO_8859_1);
        int rc;
        MscanMain main = null;
        try {
            main = new MscanMain(out, System.err, AnalysisCatalog.load());
            rc = main.run(List.of(args));
        } catch (OutOfMemoryError e) { // outside a pass (e.g. loading the kernel's DWARF): the pass has its own message
            System.err.println("mscan: " + OutOfMemory.outsideThePass(main != null && main.passStarted
                    ? "after the pass, writing the results"
                    : OutOfMemory.passBegan() ? "during the pass or after it" : "before the pass could start", "bin/mscan"));
            rc = BAD_INPUT;
        }
        out.flush();
        System.exit(rc);
    }

    /** Runs one command line; returns the exit status. */
    public int run(List<String> args) {
        if (args.isEmpty() && !Files.exists(Path.of(LegacyParser.DEFAULT_LOG))
                && !Files.exists(Path.of(LegacyParser.DEFAULT_KERNEL))) {
            stderr.print(NOTHING_TO_DO);
            return BAD_INPUT;
        }
        // picocli's model costs a seventh of a second to build (its classes predate class data
        // sharing): made only when the new style runs or the choice of style needs it
        CommandLine[] modern = new CommandLine[1];
        Supplier<CommandLine> model = () -> modern[0] != null ? modern[0] : (modern[0] = commandLine());
        if (!isLegacy(args, model)) {
            int rc = model.get().execute(args.toArray(String[]::new));
            model.get().getOut().flush();
            return rc;
        }
        Invocation inv;
        try {
            inv = LegacyParser.parse(args);
        } catch (UsageException e) {
            stderr.println(e.getMessage()); // the original's getopt line and usage text, byte for byte
            stderr.print(LegacyParser.usage("mscan"));
            return BAD_INPUT;
        }
        try {
            return execute(inv);
        } catch (RuntimeException e) { // picocli's handler reports these for the new style
            stderr.println("mscan: " + Cli.internal(e));
            return ExitCodes.INTERNAL;
        }
    }

    /**
     * mscan's picocli command line: the new style's options and words, the {@link Subcommand}s found on
     * the class path, the analyses and the original's options in {@code --help}, the shared error
     * handling ({@link Cli}). Completion scripts and man pages are generated from it.
     */
    public CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ModernCommand(this, catalog));
        // the report reads '-' from this CLI's stdin and writes to its streams, so it is added as an object
        cl.addSubcommand("report", org.mtrace.mscan.report.ReportCommand.create(stdin, stdout, stderr));
        for (Subcommand s : ServiceLoader.load(Subcommand.class)) {
            cl.addSubcommand(s);
        }
        if (!cl.getSubcommands().isEmpty()) {
            UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
            List<String> synopsis = new ArrayList<>(List.of(usage.customSynopsis()));
            synopsis.add("       mscan COMMAND [OPTIONS] ...  (the commands below; mscan COMMAND --help)");
            usage.customSynopsis(synopsis.toArray(String[]::new));
        }
        Map<String, IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        sections.put(ANALYSES_SECTION, help -> "\nAnalyses:\n" + analysisList(catalog));
        sections.put(ORIGINAL_SECTION, help -> "\nThe original's options:\n" + LegacyParser.usage("mscan"));
        List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
        keys.addAll(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING),
                List.of(ANALYSES_SECTION, ORIGINAL_SECTION));
        cl.setHelpSectionKeys(keys);
        cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(stderr, true));
        return Cli.install(cl);
    }

    /** One line per analysis of the catalog, in output order: name and description. */
    static String analysisList(AnalysisCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        for (AnalysisProvider p : catalog.providers()) {
            sb.append(String.format("  %-22s %s%n", p.name(), p.description()));
        }
        return sb.toString();
    }

    /**
     * The original's style unless the first word (not an option or an option's value) names an
     * analysis or a command, or the words could only be meant for the new style: every option is
     * one the new style knows and there are two words (ANALYSIS LOG), or the word is close to an
     * analysis or command name (a misspelling gets "did you mean", not the original's
     * "mtrace.out: no such file"), or it is a file (a log given without an analysis). The original
     * ignores such words, so only command lines that did nothing useful change meaning. A lone
     * --help, --version or --list is the new style's.
     */
    private boolean isLegacy(List<String> args, Supplier<CommandLine> model) {
        if (args.size() == 1 && STANDALONE.contains(args.get(0))) {
            return false;
        }
        List<String> names = catalog.names();
        String first = null;
        int words = 0;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                if (first == null && i + 1 < args.size()) {
                    first = args.get(i + 1);
                }
                words += args.size() - i - 1;
                break;
            }
            if (a.startsWith("-") && !a.equals("-")) {
                int eq = a.indexOf('=');
                options.add(eq < 0 ? a : a.substring(0, eq));
                if (LegacyParser.takesNextArgument(a)) {
                    i++; // skip the separated value (--kernel, --stack-trace-pc, --op-syscalls, prefixes)
                }
                continue;
            }
            first = first == null ? a : first;
            words++;
        }
        if (first == null) {
            return true; // options alone: the original's style, no model needed
        }
        CommandLine modern = model.get();
        if (names.contains(first) || modern.getSubcommands().containsKey(first)) {
            return false;
        }
        CommandSpec spec = modern.getCommandSpec();
        boolean onlyNewOptions = options.stream().allMatch(spec.optionsMap()::containsKey); // exact names: no prefixes
        return !(onlyNewOptions && (words >= 2 || !NameSuggestion.closest(first, suggestible(modern)).isEmpty()
                || Files.exists(Path.of(first))));
    }

    /** Analysis and command names: what a misspelt word may have meant. */
    static List<String> suggestible(CommandLine modern) {
        List<String> names = new ArrayList<>(((ModernCommand) modern.getCommand()).catalogNames());
        names.addAll(modern.getSubcommands().keySet());
        return names;
    }

    /** Runs one parsed command line (either style); returns the exit status. */
    int execute(Invocation inv) {
        for (String name : inv.analyses()) {
            if (catalog.get(name) == null) {
                stderr.println("mscan: analysis '" + name + "' is not available in this build");
                return BAD_INPUT;
            }
        }
        ReaderOptions options = ReaderOptions.STRICT.withSkipUnknownTypes(inv.skipUnknown());
        String logName = inv.logFromStdin() ? "<stdin>" : inv.log().toString();
        LogReader reader;
        LogReader second = null; // the second thread's reader of a split pass
        try {
            if (splits(inv)) {
                List<LogReader> readers = LogReader.openShared(inv.log(), options, 2);
                reader = readers.get(0);
                second = readers.get(1);
            } else {
                reader = inv.logFromStdin() ? LogReader.open(stdin, logName, options) : LogReader.open(inv.log(), options);
            }
        } catch (IOException e) {
            stderr.println("mscan: " + FileNames.printable(logName) + ": cannot open log: " + FileNames.reason(e));
            return BAD_INPUT;
        }
        try (reader; LogReader partnerReader = second) {
            KernelInfo kernel;
            try {
                kernel = inv.kernel() == null ? FixedKernelInfo.none() : KernelInfoFactory.openBest(inv.kernel(), inv.systemMap());
                if (inv.modules() != null) {
                    kernel = new ModuleKernelInfo(kernel, ModuleDirectory.scan(inv.modules()), IndexCache.defaultLocation(),
                            stderr::println);
                }
            } catch (KernelImageException e) {
                stderr.println("mscan: " + e.getMessage());
                return BAD_INPUT;
            }
            Pass pass = newPass(inv, kernel, stderr::println);
            try {
                for (String name : inv.analyses()) {
                    pass.add(name);
                }
            } catch (IllegalArgumentException e) {
                stderr.println("mscan: " + e.getMessage());
                return BAD_INPUT;
            }
            List<String> refused = pass.unmetBeforeReading();
            if (!refused.isEmpty()) {
                refused.forEach(r -> stderr.println("mscan: " + r));
                return BAD_INPUT;
            }
            SplitPass split = null;
            if (partnerReader != null && SplitPass.helps(pass)) {
                Pass partner = newPass(inv, kernel, message -> { });
                inv.analyses().forEach(partner::add);
                split = SplitPass.of(pass, partner);
            }
            Engine engine = split != null ? split.engine() : pass.engine();
            pass = null; // from here only the engine holds the analyses: one it drops for lack of memory can be collected
            long size = inv.logFromStdin() ? -1 : fileSize(inv);
            passStarted = true;
            ProgressListener progress = ProgressReporter.forStderr(size, inv.quiet());
            PassResult result;
            if (split != null) {
                result = split.run(reader, partnerReader, progress);
            } else {
                if (partnerReader != null) {
                    partnerReader.close(); // nothing to split: the other reader must not hold blocks back
                }
                result = engine.run(reader, progress);
            }
            if (result.logFault() != null && result.logFault().problem() == Problem.NO_ENTRIES) {
                stderr.println("mscan: " + result.logFault().getMessage()); // nothing to analyse, so no document
                return BAD_INPUT;
            }
            List<String> problems = new ArrayList<>();
            if (result.logFault() != null) {
                problems.add(result.logFault().getMessage() + " (the entries before it were analysed)");
            }
            if (result.traceFault() != null) {
                problems.add(result.traceFault() + " (the entries before it were analysed)");
            }
            if (result.internalFault() != null) {
                problems.add(result.internalFault() + " (the entries before it were analysed)");
            }
            problems.addAll(result.failures());
            problems.addAll(engine.finish(new JsonWriter(stdoutWriter())));
            // after a log, tracker or internal fault only a prefix was read: it cannot show what the log lacks
            List<String> unmet = result.stoppedEarly() ? List.of() : engine.unmetRequirements();
            if (!problems.isEmpty()) {
                // one line however many things failed: the first (a fault that ended the pass) leads
                List<String> all = new ArrayList<>(problems);
                all.addAll(unmet);
                stderr.println("mscan: " + String.join("; also: ", all));
                return engine.internalError() ? ExitCodes.INTERNAL : BAD_INPUT;
            }
            for (String u : unmet) {
                stderr.println("mscan: " + u);
            }
            return unmet.isEmpty() ? OK : UNMET_REQUIREMENT;
        } catch (IOException e) {
            stderr.println("mscan: " + FileNames.printable(logName) + ": " + FileNames.reason(e));
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            stderr.println("mscan: cannot write output: " + FileNames.reason(e.getCause()));
            return BAD_INPUT;
        }
    }

    /** A pass with this command line's analysis arguments, warning on {@code diagnostics}. */
    private Pass newPass(Invocation inv, KernelInfo kernel, Diagnostics diagnostics) {
        Pass pass = Pass.of(catalog, kernel).diagnostics(diagnostics);
        inv.arguments().forEach(pass::argument);
        return pass;
    }

    /**
     * Whether the pass runs on two threads ({@link SplitPass}): only when asked for
     * ({@code MTRACE_ANALYSIS_THREADS=2}) and the machine has two cores; meant for raw and BGZF
     * logs, whose reading leaves a core free (on one gzip stream the inflating thread takes one,
     * so the two analysis threads share the other). Not the default: measured on this shared 2-core machine (load 4-12) the
     * second thread's copy of the trackers and tables cost more CPU than it saved wall time
     * (docs/mscan-bench.md). Never for standard input (the log is read by two readers of one
     * file), with a module directory (module regions are loaded into the one kernel description),
     * or with a heap below {@link #SPLIT_MIN_HEAP} (the second thread's trackers and the shared
     * blocks need room).
     */
    private static boolean splits(Invocation inv) {
        String threads = System.getenv(ANALYSIS_THREADS);
        return "2".equals(threads) && !inv.logFromStdin() && inv.modules() == null
                && Runtime.getRuntime().availableProcessors() >= 2 && Runtime.getRuntime().maxMemory() >= SPLIT_MIN_HEAP
                && Files.isRegularFile(inv.log());
    }

    private Writer stdoutWriter() {
        return new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.ISO_8859_1), 1 << 16);
    }

    private static long fileSize(Invocation inv) {
        try {
            return Files.size(inv.log());
        } catch (IOException e) {
            return -1;
        }
    }


    /** For tests: the providers this main knows. */
    List<AnalysisProvider> providers() {
        return List.copyOf(catalog.providers());
    }
}
