package org.mtrace.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.Engine;
import org.mtrace.mscan.engine.Pass;
import org.mtrace.mscan.engine.SplitPass;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.engine.Rank;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelImageException;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelInfoFactory;
import org.mtrace.mscan.report.ReportRun;
import org.mtrace.synth.SynthConfig;
import org.mtrace.synth.Synthesizer;
import org.mtrace.synth.recorder.TraceMode;
import org.mtrace.synth.workload.PatternMix;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mtrace-bench mscan}: one mscan engine pass per case over a synthetic ascope-mode log
 * (the synth module's generator), each compared with a bare read of the same log.
 */
@Command(name = "mscan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Measure mscan passes over a synthetic ascope-mode log (synth module: 8 CPUs, labels, system "
                + "calls with abstract scopes, call/ret, locks, RCU, several recording phases): bare read, the default "
                + "set (distinct-sys, false-sharing, summary), all-sharing, shared-addresses and all 16 analyses in "
                + "one pass. Each case prints wall and process CPU time, entries/s, the ratio to the bare read, peak "
                + "and retained heap and the JSON size (the document is rendered into a counting sink).",
            "Compare CPU ratios on a shared machine; wall time depends on the load. With --log (and --kernel) the "
                + "cases run on any recorded log."},
        exitCodeList = "1:an analysis failed")
final class MscanBench implements Callable<Integer> {
    /** Two system-call entry PCs of the synth module's kernel text, for distinct-ops (no kernel image = hex names). */
    static final String OP_SYSCALLS = "0xffffffff8108e2c0,0xffffffff811c1f10";
    /**
     * Compares every pair of collected scopes at the end of the log (MSCAN.md §8.7, as the
     * original): quadratic in the scopes, and the synthetic log has a scope per system call, so
     * it is only in case "all16", for small logs.
     */
    static final String QUADRATIC = "unexpected-sharing";
    /** The case of {@code bin/mscan report}, not an analysis of the catalog. */
    static final String REPORT = "report";
    /** One of those PCs, for stack-trace-pc. */
    static final String TRACE_PC = "ffffffff8108e2c0";

    @Mixin
    LogOptions shared = new LogOptions();

    @Option(names = "--entries", paramLabel = "N", defaultValue = "50000000", description = "entries in the synthetic log (default ${DEFAULT-VALUE})")
    long entries;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "kernel", description = "shape of the synthetic log: kernel (most "
            + "accesses in a Zipf-skewed working set of half a million lines at every byte offset, per-CPU private lines, "
            + "a label every few accesses, as recorded kernels), hot (the same with about two thousand shared lines, each "
            + "hit often), hot-private (hot with 4 MiB of private data per CPU touched evenly: millions of addresses, "
            + "as issue 12's independent log had) or small (the synth module's default mix: about 210 cache lines, so "
            + "every table stays in the CPU caches) (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--scaling", split = ",", paramLabel = "N1,N2", description = "instead of the table, run every case "
            + "on synthetic logs of N1 and N2 entries and print its CPU nanoseconds per entry at each, and their ratio "
            + "(a pass linear in the log keeps the ratio near 1), e.g. --scaling=5000000,50000000")
    List<Long> scaling = List.of();

    @Option(names = "--phases", paramLabel = "N", defaultValue = "1", description = "recording phases = test cases (default ${DEFAULT-VALUE})")
    int phases;

    @Option(names = "--compression", paramLabel = "KIND", defaultValue = "gzip", converter = LogContainer.Converter.class,
            description = "container of the synthetic log: gzip (one gzip stream at zlib's default level, as the original "
                + "emulator wrote and the original mscan reads; one thread inflates it, so the analyses run on the other "
                + "core) or bgzf (independent members at level 1, as bin/mtrace-record writes; inflated on every core, so "
                + "the analyses compete with inflation for the cores) or raw (no inflation: the pass's own cost) "
                + "(default ${DEFAULT-VALUE})")
    LogContainer container;

    @Option(names = "--cases", paramLabel = "CASE", split = ",", description = "cases to run after the bare read: default, all-sharing, "
            + "shared-addresses, all (every analysis but unexpected-sharing, whose end-of-log pair comparison is quadratic in "
            + "the scopes), all16 (all, for small logs), each (every analysis of all, each alone as its own case), "
            + "report (bin/mscan report with its default options: pass, text and JSON), or analysis names joined by '+' "
            + "(default: default,all-sharing,shared-addresses,all)")
    List<String> cases = List.of("default", "all-sharing", "shared-addresses", "all");

    @Option(names = "--log", paramLabel = "LOG", description = "measure this log (gzip, BGZF or raw) instead of a "
            + "synthetic one; --entries, --cpus, --seed, --phases and --compression are then ignored")
    Path givenLog;

    @Option(names = "--kernel", paramLabel = "ELF", description = "kernel image the log was recorded with (as bin/mscan "
            + "--kernel); default: none, so PCs and addresses stay hex")
    Path kernelImage;

    @Option(names = "--op-syscalls", paramLabel = "SYS,...", description = "distinct-ops' system calls (default: two "
            + "system-call PCs of the synthetic log, " + OP_SYSCALLS + "; with --log none, so that distinct-ops reads "
            + "the application's from its table, as bin/mscan does)")
    String opSyscalls;

    @Option(names = "--trace-pc", paramLabel = "PC", description = "stack-trace-pc's PC (default ${DEFAULT-VALUE})",
            defaultValue = TRACE_PC)
    String tracePc;

    @Option(names = "--analysis-threads", paramLabel = "N", defaultValue = "1", description = "1: one thread per pass, as bin/mscan "
            + "by default; 2: split each pass that has all-sharing or false-sharing over two threads by cache "
            + "line, as bin/mscan with MTRACE_ANALYSIS_THREADS=2 (on a single gzip stream too) (default ${DEFAULT-VALUE})")
    int analysisThreads;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "run every case this many times and keep the round "
            + "with the least CPU time (default ${DEFAULT-VALUE}); smooths out a shared machine")
    int rounds;

    private static final long WARM_UP_ENTRIES = 2_000_000;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (entries < 1 || shared.cpus < 1 || phases < 1 || rounds < 1) {
            System.err.println("mtrace-bench mscan: --entries, --cpus, --phases and --rounds must be positive");
            return 2;
        }
        if (givenLog != null && !Files.isReadable(givenLog)) {
            System.err.println("mtrace-bench mscan: cannot read the log " + givenLog);
            return 2;
        }
        try {
            PatternMix.parse(profile);
        } catch (IllegalArgumentException e) {
            System.err.println("mtrace-bench mscan: --profile: expected kernel, hot, hot-private, small or a pattern list: "
                    + e.getMessage());
            return 2;
        }
        KernelInfo kernel;
        try {
            kernel = kernelImage == null ? FixedKernelInfo.none() : KernelInfoFactory.openBest(kernelImage);
        } catch (KernelImageException e) {
            System.err.println("mtrace-bench mscan: " + e.getMessage());
            return 2;
        }
        AnalysisCatalog catalog = AnalysisCatalog.load();
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (String c : cases) {
            if (c.equals(REPORT)) {
                plan.put(c, List.of());
                continue;
            }
            List<String> names = analysesOf(c.equals("each") ? "all" : c, catalog);
            if (names == null) {
                System.err.println("mtrace-bench mscan: unknown case or analysis '" + c + "'");
                return 2;
            }
            if (c.equals("each")) {
                names.forEach(n -> plan.put(n, List.of(n)));
            } else {
                plan.put(c, names);
            }
        }
        if (!scaling.isEmpty()) {
            if (scaling.size() != 2 || scaling.get(0) < 1 || scaling.get(1) < 1 || givenLog != null) {
                System.err.println("mtrace-bench mscan: --scaling takes two positive entry counts, without --log");
                return 2;
            }
            return scaling(plan, catalog, kernel);
        }
        Path log = givenLog != null ? givenLog : generate(entries, container);
        String kind = givenLog != null ? "given log" : container.description();
        out.printf(Locale.ROOT, "mtrace-bench mscan: %s (%s), %.1f MB, %d cores, max heap %d MiB%n", log, kind,
                Files.size(log) / 1e6, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        warmUp(log);
        Path warmUpLog = generate(Math.min(WARM_UP_ENTRIES, entries), LogContainer.RAW); // no bigger than the log
        List<MscanRun> runs = new ArrayList<>();
        shared.progress("bare read ...");
        MscanRun bare = bareRead(log);
        for (int i = 1; i < rounds; i++) {
            bare = MscanRun.leastCpu(bare, bareRead(log));
        }
        runs.add(bare);
        boolean failed = false;
        for (Map.Entry<String, List<String>> c : plan.entrySet()) {
            shared.progress(c.getKey() + " ...");
            measure(c.getKey(), c.getValue(), catalog, kernel, warmUpLog); // compiles this case's code, untimed
            MscanRun r = measure(c.getKey(), c.getValue(), catalog, kernel, log);
            for (int i = 1; i < rounds; i++) {
                r = MscanRun.leastCpu(r, measure(c.getKey(), c.getValue(), catalog, kernel, log));
            }
            runs.add(r);
            failed |= !r.failures().isEmpty();
        }
        out.println();
        out.println(MscanRun.HEADER);
        for (MscanRun r : runs) {
            out.println(r.row(bare));
        }
        for (MscanRun r : runs) {
            r.failures().forEach(f -> out.println(r.name() + ": FAILED: " + f));
        }
        return failed ? 1 : 0;
    }

    /**
     * Every case on the two synthetic logs of --scaling: CPU nanoseconds per entry of the pass's
     * thread (decoding, engine, analyses) and of the process, at each size, and their ratio.
     */
    private int scaling(Map<String, List<String>> plan, AnalysisCatalog catalog, KernelInfo kernel) throws IOException {
        long n1 = scaling.get(0);
        long n2 = scaling.get(1);
        Path small = generate(n1, container);
        Path large = generate(n2, container);
        out.printf(Locale.ROOT, "mtrace-bench mscan --scaling: profile %s, %s, %d and %d entries, %d cores, max heap %d MiB%n",
                profile, container.description(), n1, n2, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        warmUp(small);
        Path warmUpLog = generate(Math.min(WARM_UP_ENTRIES, n1), LogContainer.RAW);
        List<MscanRun[]> rows = new ArrayList<>();
        MscanRun[] bare = {bareRead(small), bareRead(large)};
        rows.add(bare);
        boolean failed = false;
        for (Map.Entry<String, List<String>> c : plan.entrySet()) {
            shared.progress(c.getKey() + " ...");
            measure(c.getKey(), c.getValue(), catalog, kernel, warmUpLog);
            MscanRun[] r = new MscanRun[2];
            Path[] logs = {small, large};
            for (int size = 0; size < 2; size++) {
                r[size] = measure(c.getKey(), c.getValue(), catalog, kernel, logs[size]);
                for (int i = 1; i < rounds; i++) {
                    r[size] = MscanRun.leastCpu(r[size], measure(c.getKey(), c.getValue(), catalog, kernel, logs[size]));
                }
                failed |= !r[size].failures().isEmpty();
            }
            rows.add(r);
        }
        out.println();
        out.println(MscanRun.SCALING_HEADER);
        for (MscanRun[] r : rows) {
            out.println(MscanRun.scalingRow(r[0], r[1]));
        }
        for (MscanRun[] r : rows) {
            for (MscanRun x : r) {
                x.failures().forEach(f -> out.println(x.name() + ": FAILED: " + f));
            }
        }
        return failed ? 1 : 0;
    }

    /** The analyses of a case, or null if it names none known. */
    private static List<String> analysesOf(String name, AnalysisCatalog catalog) {
        switch (name) {
            case "default":
                return List.of("distinct-sys", "false-sharing", "summary");
            case "all", "all16":
                List<String> all = new ArrayList<>();
                for (AnalysisProvider p : catalog.providers()) {
                    if (p.rank() > Rank.ORIGINAL_LAST) {
                        continue; // the original's analyses only, so figures stay comparable across versions
                    }
                    if (name.equals("all16") || !p.name().equals(QUADRATIC)) {
                        all.add(p.name());
                    }
                }
                return all;
            default:
                List<String> names = List.of(name.split("\\+"));
                for (String n : names) {
                    if (catalog.get(n) == null) {
                        return null;
                    }
                }
                return names;
        }
    }

    /** The synthetic log of {@code n} entries in this container, written unless --reuse finds it. */
    private Path generate(long n, LogContainer in) throws IOException {
        Path where = shared.directory();
        Path log = where.resolve("ascope-" + profile.replaceAll("[^A-Za-z0-9]+", "_") + "-" + n + "-" + shared.cpus + "-"
                + shared.seed + "-" + phases + in.suffix());
        SynthConfig config = SynthConfig.builder().cpus(shared.cpus).entries(n).seed(shared.seed).mode(TraceMode.ASCOPE)
                .mix(PatternMix.parse(profile)).calls(true).phases(phases).compression(in.compression()).level(in.level())
                .build();
        shared.progress("writing " + log + " ...");
        long t0 = System.nanoTime();
        if (GeneratedLog.ensure(log, shared.reuse, partial -> new Synthesizer(config).write(partial))) {
            out.printf(Locale.ROOT, "wrote %d entries in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
        return log;
    }

    /** Compiles the read path and the common analyses before anything is timed. */
    private void warmUp(Path log) throws IOException {
        shared.progress("warming up ...");
        try (LogReader r = open(log)) {
            long sum = 0;
            while (r.next() && r.entriesRead() < WARM_UP_ENTRIES) {
                sum += r.entry().typeCode();
            }
            Blackhole.consume(sum);
        }
    }

    private static final ReaderOptions OPTIONS = ReaderOptions.STRICT.withSkipUnknownTypes(true); // as bin/mscan reads

    private static LogReader open(Path log) throws IOException {
        return LogReader.open(log, OPTIONS);
    }

    /** Reads every entry and touches its type: the floor any pass is compared with. */
    private static MscanRun bareRead(Path log) throws IOException {
        HeapWatch heap = new HeapWatch();
        heap.start();
        long t0 = System.nanoTime();
        long sum = 0;
        long n;
        try (LogReader r = open(log)) {
            while (r.next()) {
                sum += r.entry().typeCode();
            }
            n = r.entriesRead();
        }
        Blackhole.consume(sum);
        double wall = (System.nanoTime() - t0) / 1e9;
        return new MscanRun("bare read", List.of(), n, wall, heap.cpuSeconds(), heap.threadCpuSeconds(), heap.peakHeap(),
                -1, 0, List.of());
    }

    /** A pass without analyses yet, with this run's arguments; warnings are dropped. */
    private Pass pass(AnalysisCatalog catalog, KernelInfo kernel) {
        Pass pass = Pass.of(catalog, kernel).diagnostics(m -> { }).argument("stack-trace-pc", List.of(tracePc));
        // the synthetic log's system-call PCs mean nothing in a recording (distinct-ops would fail on them)
        String ops = opSyscalls != null ? opSyscalls : givenLog == null ? OP_SYSCALLS : null;
        return ops == null ? pass : pass.argument("op-syscalls", List.of(ops));
    }

    /** One timed case: the report for {@value #REPORT}, else one pass of {@code names}. */
    private MscanRun measure(String name, List<String> names, AnalysisCatalog catalog, KernelInfo kernel, Path log)
            throws IOException {
        return name.equals(REPORT) ? measureReport(kernel, log)
                : measure(name, names, pass(catalog, kernel), pass(catalog, kernel), log);
    }

    /**
     * {@code bin/mscan report LOG}'s work with the default options (pass, report, text and JSON,
     * their characters counted and dropped); its own second thread counts in the process CPU time.
     */
    private MscanRun measureReport(KernelInfo kernel, Path log) throws IOException {
        HeapWatch heap = new HeapWatch();
        heap.start();
        long t0 = System.nanoTime();
        ReportRun run;
        try (LogReader r = open(log)) {
            run = ReportRun.of(r, kernel, log.toString(), kernelImage == null ? null : kernelImage.toString());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new MscanRun(REPORT, List.of(), run.entries(), wall, heap.cpuSeconds(), heap.threadCpuSeconds(),
                heap.peakHeap(), -1, run.jsonChars(), run.failures());
    }

    /**
     * One pass of {@code names}, the JSON rendered into a counting sink; split over two threads
     * ({@link SplitPass}, {@code partner} the second one's pass) with {@code --analysis-threads=2}.
     */
    private MscanRun measure(String name, List<String> names, Pass pass, Pass partner, Path log) throws IOException {
        HeapWatch heap = new HeapWatch();
        heap.start();
        long t0 = System.nanoTime();
        names.forEach(pass::add);
        boolean split = analysisThreads > 1 && SplitPass.helps(pass);
        SplitPass sp = null;
        if (split) {
            names.forEach(partner::add);
            sp = SplitPass.of(pass, partner);
        }
        Engine engine = split ? sp.engine() : pass.engine();
        List<String> failures = new ArrayList<>();
        long n;
        CountingSink sink = new CountingSink();
        List<LogReader> readers = split ? LogReader.openShared(log, OPTIONS, 2) : List.of(open(log));
        try (LogReader r = readers.get(0); LogReader second = split ? readers.get(1) : null) {
            PassResult result = split ? sp.run(r, second, ProgressListener.NONE) : engine.run(r, ProgressListener.NONE);
            n = result.entries();
            failures.addAll(result.messages());
            failures.addAll(engine.finish(new JsonWriter(sink)));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = heap.cpuSeconds();
        double mainCpu = heap.threadCpuSeconds();
        long peak = heap.peakHeap();
        long retained = heap.liveHeap(); // what the analyses keep after the log, measured outside the timing
        Reference.reachabilityFence(engine);
        return new MscanRun(name + (split ? " (2 thr.)" : ""), names, n, wall, cpu, mainCpu, peak, retained, sink.chars, failures);
    }

    /** Discards the JSON document but counts it. */
    private static final class CountingSink extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String s, int off, int len) {
            chars += len;
        }

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Keeps a result observable so the JIT cannot drop the loop that computed it. */
    private static final class Blackhole {
        static volatile long sink;

        static void consume(long v) {
            sink = v;
        }
    }
}
