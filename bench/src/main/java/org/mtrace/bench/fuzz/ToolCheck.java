package org.mtrace.bench.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.mtrace.m2text.M2Text;
import org.mtrace.mscan.cli.MscanMain;
import org.mtrace.mscan.engine.AnalysisCatalog;

/**
 * Runs one tool in process on one input and checks the rules for bad input: exit status 0 or 2
 * (or mscan's 1: the document is complete, but an analysis' requirement is not met, one
 * "mscan: ANALYSIS: needs ..." line each; or mscan report's 1: the report is complete, but says on
 * stderr what it could not show, one "mscan report: ..." line each); no error line on success; on failure exactly one error
 * line (the tool's name first) naming the file, entry index and byte offset; never an exception name or stack trace (also from background
 * threads, which write to {@link System#err}); output bounded; done within the time limit. Lines
 * that do not start with the tool's name are the analyses' warnings (the original's diagnostics,
 * e.g. {@code Warning: Abstract sharing without concrete sharing}); they are allowed.
 */
final class ToolCheck {
    /** What a failed line must look like: tool, then somewhere "FILE: entry N at byte offset O". */
    private static final Pattern ONE_LINE = Pattern.compile("(m2text|mscan|mscan report): .*: entry \\d+ at byte offset \\d+.*");
    /** mscan's line for an analysis whose requirement the log does not meet (exit status 1; two options
     * sharing one analysis are named together, {@code abstract-scopes/unexpected-sharing}). */
    private static final Pattern UNMET = Pattern.compile("mscan: [a-z0-9/-]+: needs .*");
    private static final long TIME_LIMIT_SECONDS = 60;

    private final AnalysisCatalog catalog = AnalysisCatalog.load();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz case");
        t.setDaemon(true);
        return t;
    });

    /**
     * The outcome: null if every rule held, else what broke. {@code tool}: {@code m2text}, {@code mscan}
     * or {@code mscan report} (mscan with {@code report} first in {@code args}), the prefix of its lines.
     */
    String check(String tool, List<String> args, long outputBound) throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BoundedOutput out = new BoundedOutput(outputBound);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream systemErr = System.err;
        System.setErr(errStream); // background threads of the reader print here, if anywhere
        int rc;
        try {
            Future<Integer> f = runner.submit(() -> tool.equals("m2text")
                    ? M2Text.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), out, errStream)
                    : new MscanMain(new ByteArrayInputStream(new byte[0]), new PrintStream(out, false,
                            StandardCharsets.ISO_8859_1), errStream, catalog).run(args));
            rc = f.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "no result within " + TIME_LIMIT_SECONDS + " s (hang?)";
        } catch (java.util.concurrent.ExecutionException e) {
            return "threw " + e.getCause();
        } finally {
            System.setErr(systemErr);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (out.exceeded) {
            return "more than " + outputBound + " bytes of output";
        }
        if (stderr.contains("Exception") || stderr.contains("\tat ") || stderr.contains("Error:")) {
            return "stderr shows an exception: " + firstLine(stderr);
        }
        List<String> lines = stderr.lines().filter(l -> l.startsWith(tool + ": ")).toList();
        if (rc == 0) {
            return lines.isEmpty() ? null : "exit 0 with an error line: " + lines.get(0);
        }
        if (rc == 1 && tool.equals("mscan") && !lines.isEmpty() && lines.stream().allMatch(l -> UNMET.matcher(l).matches())) {
            return null;
        }
        if (rc == 1 && tool.equals("mscan report") && !lines.isEmpty()
                && lines.stream().noneMatch(l -> ONE_LINE.matcher(l).matches())) {
            return null; // what the complete report could not show (a filter selected nothing, no line moved)
        }
        if (rc != 2) {
            return "exit status " + rc + ": " + firstLine(stderr);
        }
        if (lines.size() != 1) {
            return lines.size() + " error lines on stderr: " + firstLine(stderr);
        }
        if (!ONE_LINE.matcher(lines.get(0)).matches()) {
            return "message without file/entry/offset: " + lines.get(0);
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    void close() {
        runner.shutdownNow();
    }

    /** Counts output and drops it; past the bound it fails the write, which stops m2text. */
    private static final class BoundedOutput extends OutputStream {
        private final long bound;
        private long written;
        boolean exceeded;

        BoundedOutput(long bound) {
            this.bound = bound;
        }

        @Override
        public void write(int b) throws IOException {
            write(null, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > bound) {
                exceeded = true;
                throw new IOException("output bound exceeded");
            }
        }
    }
}
