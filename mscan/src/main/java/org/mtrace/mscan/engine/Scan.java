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
        List<String> warnings = new ArrayList<>();
        Pass pass = Pass.of(catalog, kernel).diagnostics(warnings::add);
        arguments.forEach(pass::argument);
        analyses.forEach(pass::add);
        List<String> before = pass.unmetBeforeReading();
        if (!before.isEmpty()) {
            throw new IllegalArgumentException(before.get(0));
        }
        Engine engine = pass.engine();
        try (LogReader reader = LogReader.open(log, ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
            PassResult result = engine.run(reader, ProgressListener.NONE);
            StringWriter sw = new StringWriter();
            List<String> endFailures = engine.finish(new JsonWriter(sw));
            List<String> unmet = result.stoppedEarly() ? List.of() : engine.unmetRequirements(); // a prefix cannot show what the log lacks
            return new Output(sw.toString(), result, endFailures, warnings, unmet);
        }
    }
}
