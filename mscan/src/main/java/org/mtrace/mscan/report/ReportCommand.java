package org.mtrace.mscan.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.ExitCodes;
import org.mtrace.format.cli.QuietOption;
import org.mtrace.format.cli.VersionProvider;
import org.mtrace.format.io.FileNames;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.Problem;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Engine;
import org.mtrace.mscan.engine.OutOfMemory;
import org.mtrace.mscan.engine.Pass;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelImageException;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelInfoFactory;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.LineSizeOption;
import org.mtrace.mscan.progress.ProgressReporter;
import org.mtrace.mscan.report.html.HtmlReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/mscan report}: the contention report (docs/report.md). One pass over the log with the
 * line core, then the same {@link Report} rendered as text on stdout, as the schema-v1 JSON
 * document ({@code --json}) and as CSV tables ({@code --csv}).
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true, sortOptions = false,
        description = {"Which cache lines move between CPUs, what lives in them (struct.field), which code, "
                + "system calls and call stacks (logs recorded with mtrace-record --calls) move them, and whether "
                + "the sharing is true or false (byte level). "
                + "Text tables on stdout; JSON and CSV on request. See docs/report.md."},
        exitCodeList = {"1:the report is complete, but the log never enabled recording, or --struct or --function "
                + "selected nothing, or a --syscall or --exclude-syscall name is not in the log, or no line moved "
                + "between CPUs (one CPU, or --cpu selected one; stderr says so)",
            "2:also an unreadable kernel image, or a log that breaks off (the report covers the entries before "
                + "the fault)"})
public final class ReportCommand implements Callable<Integer> {
    /** The report's own outcome (ExitCodes has the shared ones). */
    static final int UNMET = 1;

    @Option(names = "--kernel", paramLabel = "ELF", description = "the kernel image with DWARF: types, fields, functions")
    Path kernel;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "rows per table (default 20)")
    int top;

    @Option(names = "--json", paramLabel = "FILE", description = "write the JSON document (schema version 1) to FILE")
    Path json;

    @Option(names = "--csv", paramLabel = "DIR", description = "write the tables as CSV files into DIR (made if absent)")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE",
            description = "write a self-contained HTML page (tables, plots; opens offline) to FILE")
    Path html;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "transfers",
            description = "rank lines by transfers, cpus or writes (default transfers)")
    Filters.Sort sort;

    @Option(names = "--struct", paramLabel = "NAME", description = "only lines holding this type (or a static or per-CPU variable of that name or type), and only it in the data profile; also a group of the summary's untyped list (kmalloc-4096, page-table page): its lines")
    String struct;

    @Option(names = "--function", paramLabel = "NAME", description = "only lines with a code site in this function "
            + "(the innermost function of the code, or the out-of-line one it is inlined in)")
    String function;

    @Option(names = "--cpu", paramLabel = "CPU", split = ",", description = "only transfers by these CPUs, e.g. 0,2")
    List<Integer> cpus;

    @Option(names = "--syscall", paramLabel = "NAME", split = ",", description = "only transfers made in these system "
            + "calls, interrupts, exceptions or kernel threads, named as the report's system-call table names them "
            + "(openat,exc_page_fault)")
    List<String> syscalls;

    @Option(names = "--exclude-syscall", paramLabel = "NAME", split = ",", description = "leave out transfers made in "
            + "these (the timer tick's: instr_sysvec_apic_timer_interrupt,handle_softirqs)")
    List<String> excludedSyscalls;

    @ArgGroup(exclusive = true)
    ScopeOption scope;

    static final class ScopeOption {
        @Option(names = "--kernel-only", description = "only kernel addresses")
        boolean kernelOnly;

        @Option(names = "--user-only", description = "only user-space addresses")
        boolean userOnly;
    }

    @Mixin
    LineSizeOption lineSize;

    @Option(names = "--skip-unknown", description = "skip entries of unknown type instead of stopping")
    boolean skipUnknown;

    @Mixin
    QuietOption quiet;

    @Parameters(paramLabel = "LOG", description = "the log; '-' reads standard input")
    String log;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    ReportCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs {@code mscan report ARGS} (the words after "report"); returns the exit status. The
     * hook {@code MscanMain} calls for the first word {@code report}.
     */
    public static int run(List<String> args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        return run(create(stdin, stdout, stderr), args, stdout, stderr);
    }

    /** The command object, for mscan to add as its subcommand {@code report}. */
    public static ReportCommand create(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        return new ReportCommand(stdin, stdout, stderr);
    }

    private static int run(ReportCommand command, List<String> args, PrintStream stdout, PrintStream stderr) {
        CommandLine cmd = Cli.create(command); // the shared exit statuses and messages
        cmd.setCommandName("mscan report"); // run on its own (tests); under mscan picocli names it "mscan report" itself
        cmd.setOut(new java.io.PrintWriter(stdout, true));
        cmd.setErr(new java.io.PrintWriter(stderr, true));
        return cmd.execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        LineSize lines;
        try {
            lines = lineSize.lineSize();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (top < 1) {
            return fail("--top must be at least 1 (got " + top + ")");
        }
        if (cpus != null) {
            for (int c : cpus) {
                if (c < 0 || c >= 64) {
                    return fail("--cpu: CPU numbers are 0 to 63 (got " + c + ")");
                }
            }
        }
        Filters filters = new Filters(sort, top, struct, function, cpus == null ? null : List.copyOf(cpus),
                scope == null ? AddressScope.ALL : scope.kernelOnly ? AddressScope.KERNEL : AddressScope.USER,
                new SyscallFilter(syscalls, excludedSyscalls));
        boolean fromStdin = "-".equals(log);
        String logName = fromStdin ? "<stdin>" : log;
        ReaderOptions options = ReaderOptions.STRICT.withSkipUnknownTypes(skipUnknown);
        KernelInfo image;
        try {
            image = kernel == null ? FixedKernelInfo.none() : KernelInfoFactory.openBest(kernel);
        } catch (KernelImageException e) {
            return fail(e.getMessage());
        }
        LogReader reader;
        try {
            reader = fromStdin ? LogReader.open(stdin, logName, options) : LogReader.open(Path.of(log), options);
        } catch (LogFormatException e) {
            return fail(FileNames.printable(logName) + ": cannot open log: " + e.detail());
        } catch (IOException e) {
            return fail(FileNames.printable(logName) + ": cannot open log: " + FileNames.reason(e));
        }
        Outcome outcome;
        try (reader) {
            outcome = analyse(reader, image, logName, kernel == null ? null : kernel.toString(), lines, filters,
                    ProgressReporter.forStderr(fromStdin ? -1 : fileSize(Path.of(log)), quiet.quiet()));
        } catch (IOException e) {
            return fail(FileNames.printable(logName) + ": " + FileNames.reason(e));
        }
        PassResult result = outcome.result();
        if (result.logFault() != null && result.logFault().problem() == Problem.NO_ENTRIES) {
            return fail(result.logFault().getMessage());
        }
        if (outcome.report() == null) { // out of memory: nothing to print but the reason
            return fail(outcome.failure());
        }
        try {
            return write(outcome);
        } catch (OutOfMemoryError x) {
            return fail(FileNames.printable(logName) + ": "
                    + OutOfMemory.outsideThePass("after the pass, writing the report", "bin/mscan report"));
        }
    }

    /** Prints the text and writes the files asked for; the exit status, with the pass's faults and what the report could not show. */
    private int write(Outcome outcome) {
        PassResult result = outcome.result();
        Report report = outcome.report();
        ReportText.print(report, stdout);
        stdout.flush();
        // The JSON document: the one string every machine-readable output (and the HTML page) renders from.
        String reportJson = ReportJson.render(report);
        List<String> problems = new ArrayList<>();
        if (json != null) {
            write(json, reportJson, problems);
        }
        if (csv != null) {
            try {
                ReportCsv.write(report, csv);
            } catch (IOException e) {
                problems.add("cannot write CSV into " + FileNames.printable(csv.toString()) + ": " + FileNames.reason(e));
            }
        }
        if (html != null) {
            try {
                HtmlReport.write(reportJson, html);
            } catch (IOException e) {
                problems.add("cannot write " + FileNames.printable(html.toString()) + ": " + FileNames.reason(e));
            }
        }
        if (result.logFault() != null) {
            problems.add(0, result.logFault().getMessage() + " (the entries before it were reported)");
        }
        if (result.traceFault() != null) {
            problems.add(0, result.traceFault() + " (the entries before it were reported)");
        }
        if (result.internalFault() != null) {
            problems.add(0, result.internalFault() + " (the entries before it were reported)");
        }
        problems.addAll(result.failures());
        if (outcome.lastBatchFault() != null) {
            problems.add(outcome.lastBatchFault());
        }
        if (!problems.isEmpty()) {
            int status = fail(String.join("; also: ", problems));
            return outcome.internalError() ? ExitCodes.INTERNAL : status;
        }
        List<String> unmet = new ArrayList<>(outcome.unmet());
        unmet.addAll(report.unmet());
        unmet.forEach(u -> stderr.println("mscan report: " + u));
        return unmet.isEmpty() ? ExitCodes.OK : UNMET;
    }

    /**
     * What one pass produced: the report, the reader's faults, unmet requirements (empty after a
     * fault). {@code internalError}: a tracker or the collector failed as no log should make it
     * (exit 70); {@code report} null: the heap ran out, {@code failure} says where;
     * {@code lastBatchFault}: a fault in the collector's last batch of accesses, applied after the
     * pass (the pass's own faults are in {@code result}).
     */
    record Outcome(Report report, PassResult result, List<String> unmet, boolean internalError, String failure,
            String lastBatchFault) {
    }

    /** One pass over {@code reader} with the line core, and the report built from it. */
    static Outcome analyse(LogReader reader, KernelInfo image, String logName, String kernelName, LineSize lines,
            Filters filters, ProgressListener progress) {
        return analyse(reader, image, logName, kernelName, lines, filters, progress, ReportCollector.Batching.ADAPTIVE,
                PendingTransfers.CHUNK, Runtime.getRuntime().availableProcessors() > 1);
    }

    /**
     * {@link #analyse} with the collector's batching, chunk size and counting thread chosen (tests
     * compare the choices).
     */
    static Outcome analyse(LogReader reader, KernelInfo image, String logName, String kernelName, LineSize lines,
            Filters filters, ProgressListener progress, ReportCollector.Batching batching, int chunk, boolean threaded) {
        return analyse(reader, image, logName, kernelName, lines, filters, progress, batching, chunk, threaded,
                SiteStacks.LIMIT);
    }

    /** {@link #analyse} with the call-stack table's bound chosen too (past it, counts are written down). */
    static Outcome analyse(LogReader reader, KernelInfo image, String logName, String kernelName, LineSize lines,
            Filters filters, ProgressListener progress, ReportCollector.Batching batching, int chunk, boolean threaded,
            int stackTuples) {
        ReportCollector collector = new ReportCollector(lines, filters, batching, chunk, threaded, stackTuples);
        try {
            return analyse(reader, image, logName, kernelName, filters, progress, collector);
        } finally {
            collector.close(); // stopped by endPass, unless the pass was abandoned
        }
    }

    private static Outcome analyse(LogReader reader, KernelInfo image, String logName, String kernelName,
            Filters filters, ProgressListener progress, ReportCollector collector) {
        AnalysisCatalog catalog = new AnalysisCatalog().register(new CollectorProvider(collector));
        Engine engine = Pass.of(catalog, image).diagnostics(s -> { }).add(collector.name()).engine();
        PassResult result = engine.run(reader, progress);
        if (!engine.holds(collector)) { // dropped for lack of memory: the pass's fault says where
            return new Outcome(null, result, List.of(), false, String.valueOf(result.traceFault()), null);
        }
        Report report;
        String lastBatchFault = null;
        boolean internal = engine.internalError();
        // composed now: when the heap runs out below, the tables are still reachable from here, and a
        // message made in the handler could run out too and escape as another one
        String outOfMemory = FileNames.printable(logName) + ": "
                + OutOfMemory.outsideThePass("building the report after the pass", "bin/mscan report");
        try {
            try {
                collector.endPass(); // its last batch of accesses
            } catch (AnalysisException x) { // worded as the engine words a fault of the pass
                lastBatchFault = FileNames.printable(logName) + ": " + collector.name() + ": " + x.getMessage();
            } catch (RuntimeException x) {
                lastBatchFault = FileNames.printable(logName) + ": " + collector.name() + ": " + Cli.internal(x);
                internal = true;
            }
            report = ReportModel.build(collector, engine.state(), engine.state().attribution(), filters, logName,
                    kernelName, result.entries());
        } catch (OutOfMemoryError x) {
            return new Outcome(null, result, List.of(), false, outOfMemory, null);
        }
        List<String> unmet = result.stoppedEarly() || lastBatchFault != null ? List.of() : engine.unmetRequirements();
        return new Outcome(report, result, unmet, internal, null, lastBatchFault);
    }

    private void write(Path file, String text, List<String> problems) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot write " + FileNames.printable(file.toString()) + ": " + FileNames.reason(e));
        }
    }

    private int fail(String message) {
        stderr.println("mscan report: " + message);
        return ExitCodes.BAD_INPUT;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }


    /** The collector as the pass' only analysis (the report is not one of the catalog's analyses). */
    private static final class CollectorProvider extends BasicProvider {
        CollectorProvider(ReportCollector collector) {
            super(collector.name(), "the contention report's pass", Integer.MAX_VALUE, setup -> collector);
        }
    }
}
