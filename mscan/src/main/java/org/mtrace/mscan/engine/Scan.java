package org.mtrace.mscan.engine;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.KernelInfo;

/**
 * One pass with the JSON document kept in memory: for tests, benchmarks and tools that embed
 * mscan. The CLI streams instead (some analyses print one object per access).
 */
public final class Scan {
    private Scan() {
    }

    /**
     * The outcome of {@link #run}.
     *
     * @param json        the document, exactly as the CLI prints it
     * @param result      faults and failures while reading
     * @param endFailures analyses that failed at the end of the log
     * @param warnings    non-fatal warnings of the original (overlapping labels, ...)
     * @param unmet       requirements the log did not meet, one line per analysis ({@link Requirements});
     *                    empty after a fault that stopped the pass
     */
    public record Output(String json, PassResult result, List<String> endFailures, List<String> warnings,
            List<String> unmet) {
        public boolean ok() {
            return result.ok() && endFailures.isEmpty();
        }
    }

    public static Output run(AnalysisCatalog catalog, KernelInfo kernel, Path log, List<String> analyses,
            Map<String, List<String>> arguments) throws IOException {
        return run(catalog, kernel, log, analyses, arguments, false);
    }

    /**
     * {@link #run} as a {@link SplitPass} on two threads, whatever the log's container and the
     * number of cores (the CLI splits only where it helps): to check that splitting changes nothing.
     */
    public static Output runSplit(AnalysisCatalog catalog, KernelInfo kernel, Path log, List<String> analyses,
            Map<String, List<String>> arguments) throws IOException {
        return run(catalog, kernel, log, analyses, arguments, true);
    }

    private static Output run(AnalysisCatalog catalog, KernelInfo kernel, Path log, List<String> analyses,
            Map<String, List<String>> arguments, boolean split) throws IOException {
        List<String> warnings = new ArrayList<>();
        Pass pass = pass(catalog, kernel, arguments, analyses, warnings::add);
        List<String> before = pass.unmetBeforeReading();
        if (!before.isEmpty()) {
            throw new IllegalArgumentException(before.get(0));
        }
        ReaderOptions options = ReaderOptions.STRICT.withSkipUnknownTypes(true);
        List<LogReader> readers = split ? LogReader.openShared(log, options, 2) : List.of(LogReader.open(log, options));
        try (LogReader reader = readers.get(0); LogReader second = split ? readers.get(1) : null) {
            Engine engine;
            PassResult result;
            if (split) {
                SplitPass sp = SplitPass.of(pass, pass(catalog, kernel, arguments, analyses, w -> { }));
                engine = sp.engine();
                result = sp.run(reader, second, ProgressListener.NONE);
            } else {
                engine = pass.engine();
                result = engine.run(reader, ProgressListener.NONE);
            }
            StringWriter sw = new StringWriter();
            List<String> endFailures = engine.finish(new JsonWriter(sw));
            List<String> unmet = result.stoppedEarly() ? List.of() : engine.unmetRequirements(); // a prefix cannot show what the log lacks
            return new Output(sw.toString(), result, endFailures, warnings, unmet);
        }
    }

    private static Pass pass(AnalysisCatalog catalog, KernelInfo kernel, Map<String, List<String>> arguments,
            List<String> analyses, Diagnostics diagnostics) {
        Pass pass = Pass.of(catalog, kernel).diagnostics(diagnostics);
        arguments.forEach(pass::argument);
        analyses.forEach(pass::add);
        return pass;
    }
}
