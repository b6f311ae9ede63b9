package org.mtrace.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mtrace.format.io.Compression;
import org.mtrace.synth.recorder.TraceMode;
import org.mtrace.synth.workload.PatternMix;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.ExitCodes;
import org.mtrace.format.cli.QuietOption;
import org.mtrace.format.cli.Terminal;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtrace-synth}: writes a realistic, deterministic synthetic mtrace log. */
@Command(name = "mtrace-synth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Writes a synthetic mtrace log of a simulated multi-core kernel: machine entries, per-CPU "
            + "segments, static/per-CPU/heap labels, threads, system calls (fcall) with context switches, interrupts "
            + "and blocking, locks, RCU (gc/gcepoch) and memory accesses following named sharing patterns, filtered "
            + "as the emulator's record mode would. The same options and seed give a byte-identical file.",
        exitCodeList = "2:the output cannot be written")
public final class SynthMain implements Callable<Integer> {
    static final int EXIT_OK = ExitCodes.OK;
    static final int EXIT_BAD = ExitCodes.BAD_INPUT;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output file, or - for standard output.")
    private String output;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs, 1..256 (default: ${DEFAULT-VALUE}).")
    private int cpus = SynthConfig.DEFAULT_CPUS;

    @Option(names = "--entries", paramLabel = "N",
            description = "Exact number of entries in the log (default: ${DEFAULT-VALUE}).")
    private long entries = SynthConfig.DEFAULT_ENTRIES;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed = SynthConfig.DEFAULT_SEED;

    @Option(names = "--mode", paramLabel = "MODE", description = "movement (cache-line movement filter: only "
            + "traffic is logged), ascope (abstract scopes and variables around every syscall; only accesses inside "
            + "scopes), kernelscope (every kernel access), all (movement with the filter off, like -mtrace-all) "
            + "(default: ${DEFAULT-VALUE}).")
    private String mode = TraceMode.MOVEMENT.spelling();

    @Option(names = "--patterns", paramLabel = "LIST", description = "Pattern weights, name=weight,... from "
            + "true-sharing, false-sharing, percpu, read-mostly, lock-handoff, scatter, hot-scatter, "
            + "hot-scatter-private; or a profile: "
            + "small (the default mix, about 210 cache lines), kernel (mostly scatter: half a million Zipf-skewed lines "
            + "at every byte offset, per-CPU private lines, label churn), hot (kernel with hot-scatter: about two "
            + "thousand shared lines, the shape of issue 12's independent log) or hot-private (hot with 4 MiB of "
            + "private data per CPU touched evenly: millions of addresses, as that log has) (default: ${DEFAULT-VALUE}).")
    private String patterns = PatternMix.DEFAULT.toString();

    @Option(names = "--compression", paramLabel = "KIND",
            description = "bgzf, gzip or raw (default: bgzf).")
    private Compression compression = Compression.BGZF;

    @Option(names = "--level", paramLabel = "1-9",
            description = "Deflate level for bgzf and gzip (default: ${DEFAULT-VALUE}, as bin/mtrace-record; the original "
                + "emulator's gzip stream used zlib's default, 6).")
    private int level = SynthConfig.DEFAULT_LEVEL;

    @Option(names = "--calls", description = "Also emit call/ret entries (as the emulator's -mtrace-calls).")
    private boolean calls;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Trace name in the enabling host entries (default: ${DEFAULT-VALUE}).")
    private String name = SynthConfig.DEFAULT_NAME;

    @Option(names = "--phases", paramLabel = "N",
            description = "Recording phases, each an enable ... disable bracket (default: ${DEFAULT-VALUE}).")
    private int phases = 1;

    @Option(names = "--locked", description = "Model -mtrace-locked: accesses of LOCK-prefixed instructions (atomic "
            + "counters, lock words) are logged with the lock flag even when they move no line.")
    private boolean locked;

    @Option(names = "--sample", paramLabel = "N", description = "Model -mtrace-sample: keep one of every N access "
            + "entries that pass the filter (default: ${DEFAULT-VALUE}).")
    private int sample = 1;

    @Mixin
    private QuietOption quiet;

    private final PrintStream err;
    private final OutputStream stdout;

    SynthMain(PrintStream err, OutputStream stdout) {
        this.err = err;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line (help, completion and man page included) with the given standard streams. */
    public static CommandLine commandLine(OutputStream stdout, PrintStream err) {
        CommandLine cl = Cli.create(new SynthMain(err, stdout));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, OutputStream stdout, PrintStream err) {
        return commandLine(stdout, err).execute(args);
    }

    @Override
    public Integer call() {
        SynthConfig config;
        try {
            config = SynthConfig.builder().cpus(cpus).entries(entries).seed(seed).mode(TraceMode.parse(mode))
                    .mix(PatternMix.parse(patterns)).compression(compression).level(level).calls(calls)
                    .traceName(name).phases(phases).locked(locked).sample(sample).build();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        Synthesizer synth = new Synthesizer(config);
        long minimum = synth.minimumEntries();
        if (entries < minimum) {
            return fail("--entries must be at least " + minimum + " for " + cpus
                    + " CPUs with these options (boot and shutdown alone need that many)");
        }
        boolean toStdout = output.equals("-");
        if (toStdout && Terminal.stdoutIsTerminal()) {
            return fail("refusing to write a binary log to a terminal; redirect standard output or use -o FILE");
        }
        boolean showProgress = quiet.progress();
        if (showProgress) {
            synth.onProgress(n -> err.printf(Locale.ROOT, "\rmtrace-synth: %,d / %,d entries (%d%%)", n, entries,
                    n * 100 / entries));
        }
        SynthStats stats;
        try {
            stats = toStdout ? synth.write(stdout) : synth.write(Path.of(output));
        } catch (NoSuchFileException e) {
            return fail(output + ": cannot create file: no such directory");
        } catch (AccessDeniedException e) {
            return fail(output + ": cannot create file: permission denied");
        } catch (IOException e) {
            return fail((toStdout ? "standard output" : output) + ": " + e.getMessage());
        }
        if (showProgress) {
            err.println();
        }
        if (!quiet.quiet()) {
            err.print("mtrace-synth: wrote " + (toStdout ? "standard output" : output) + System.lineSeparator()
                    + stats.summary());
        }
        return EXIT_OK;
    }

    private int fail(String message) {
        err.println("mtrace-synth: " + message);
        return EXIT_BAD;
    }
}
