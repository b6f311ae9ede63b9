package org.mtrace.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mtrace.format.io.Compression;
import org.mtrace.synth.SynthConfig;
import org.mtrace.synth.Synthesizer;
import org.mtrace.synth.recorder.TraceMode;

/**
 * The campaign: small synthetic logs in every container, each case one mutation checked against
 * m2text (text or JSON), mscan (a few analyses) and mscan report (a few of its options); stops
 * after a number of cases or a deadline.
 * Same seed, same cases. Failing inputs are kept in the work directory with their description.
 */
public final class FuzzCampaign {
    /** Analyses run by mscan, a few per case: the ones whose output or state grows with the log. */
    private static final List<String> ANALYSES = List.of("summary", "distinct-sys", "shared-addresses", "cache-assoc",
            "all-sharing", "serial-length", "false-sharing", "sbw0", "check-gc", "abstract-scopes", "syscall-accesses",
            "check-testcases", "distinct-ops", "unexpected-sharing");
    /** Options of {@code mscan report}, a few per case ({@code DIR}: the work directory). */
    private static final List<String> REPORT_OPTIONS = List.of("--json=DIR/report.json", "--csv=DIR/csv",
            "--html=DIR/report.html", "--top=3", "--sort=cpus", "--cpu=0,1", "--kernel-only", "--line-size=32",
            "--exclude-syscall=read");
    private static final Compression[] CONTAINERS = {Compression.RAW, Compression.GZIP, Compression.BGZF};

    private final long seed;
    private final Path workDir;
    private final PrintStream log;
    private final List<String> failures = new ArrayList<>();
    private int cases;

    /**
     * @param workDir where each input is written (and failing inputs kept)
     * @param log where progress and failures are reported
     */
    public FuzzCampaign(long seed, Path workDir, PrintStream log) {
        this.seed = seed;
        this.workDir = workDir;
        this.log = log;
    }

    /** Runs until {@code maxCases} cases are done or {@code deadlineNanos} (System.nanoTime) passes. */
    public FuzzCampaign run(int maxCases, long deadlineNanos) throws IOException, InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        ToolCheck check = new ToolCheck();
        try {
            List<byte[][]> seeds = seeds();
            Path input = workDir.resolve("input.log");
            while (cases < maxCases && System.nanoTime() < deadlineNanos) {
                byte[][] s = seeds.get(rnd.nextInt(seeds.size()));
                Mutator.Mutant m = Mutator.mutate(s[0], s[1], rnd);
                Files.write(input, m.bytes());
                long bound = (1 << 20) + 64L * s[1].length;
                List<String> m2text = rnd.nextBoolean() ? List.of("--quiet", input.toString())
                        : List.of("--quiet", "--format=json", input.toString());
                List<String> mscan = new ArrayList<>(List.of("--quiet"));
                for (int k = 0; k < 3; k++) {
                    String a = ANALYSES.get(rnd.nextInt(ANALYSES.size()));
                    if (!mscan.contains(a)) {
                        mscan.add(a);
                    }
                }
                if (mscan.contains("distinct-ops")) {
                    mscan.add(1, "--op-syscalls=0x401000"); // by PC: names need a kernel image
                }
                mscan.add(input.toString());
                List<String> report = reportArgs(rnd, input);
                report(m, "m2text", m2text, check.check("m2text", m2text, bound));
                report(m, "mscan", mscan, check.check("mscan", mscan, bound));
                report(m, "mscan report", report, check.check("mscan report", report, bound));
                cases++;
            }
        } finally {
            check.close();
        }
        return this;
    }

    /**
     * {@code mscan report} with a few of its options: every output it writes (text, JSON, CSV, the
     * page), filters that leave transfers out, another line size.
     */
    private List<String> reportArgs(SplittableRandom rnd, Path input) {
        List<String> args = new ArrayList<>(List.of("report", "--quiet"));
        for (String option : REPORT_OPTIONS) {
            if (rnd.nextInt(4) == 0) {
                args.add(option.replace("DIR", workDir.toString()));
            }
        }
        args.add(input.toString());
        return args;
    }

    private void report(Mutator.Mutant m, String tool, List<String> args, String problem) throws IOException {
        if (problem == null) {
            return;
        }
        Path kept = workDir.resolve("failure-" + failures.size() + ".log");
        Files.write(kept, m.bytes());
        String command = tool.equals("mscan report") ? "mscan" : tool; // its arguments begin with "report"
        String line = "case " + cases + " (" + m.how() + "), kept as " + kept + ": " + command + " " + String.join(" ", args)
                + ": " + problem;
        failures.add(line);
        log.println("FAIL " + line);
    }

    /** Each seed log as {stored bytes, raw entry stream}: two workloads in every container. */
    private List<byte[][]> seeds() throws IOException {
        List<byte[][]> seeds = new ArrayList<>();
        for (TraceMode mode : new TraceMode[] {TraceMode.MOVEMENT, TraceMode.ASCOPE}) {
            // movement logs with call and return entries: the report's call stacks read them
            SynthConfig base = SynthConfig.builder().cpus(4).entries(3000).seed(seed).mode(mode)
                    .calls(mode == TraceMode.MOVEMENT).build();
            byte[] raw = write(base.toBuilder().compression(Compression.RAW).build());
            for (Compression c : CONTAINERS) {
                seeds.add(new byte[][] {c == Compression.RAW ? raw : write(base.toBuilder().compression(c).build()), raw});
            }
        }
        return seeds;
    }

    private static byte[] write(SynthConfig config) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Synthesizer(config).write(out);
        return out.toByteArray();
    }

    public int cases() {
        return cases;
    }

    /** One line per failed check. */
    public List<String> failures() {
        return List.copyOf(failures);
    }
}
