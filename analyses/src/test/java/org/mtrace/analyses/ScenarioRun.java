package org.mtrace.analyses;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mtrace.format.AccessType;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.Header;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * Test driver: writes a scenario log with {@link ScenarioLog}, runs the named analyses over it
 * through the real engine and service-loaded catalog, and collects the warnings.
 */
public final class ScenarioRun {
    /** Kernel addresses used by the scenarios (above the user/kernel split). */
    public static final long K = 0xffff880000000000L;

    /** Writes one scenario. */
    @FunctionalInterface
    public interface Body {
        void write(ScenarioLog log) throws IOException;
    }

    /** Outcome: the engine's output plus its warnings as the CLI prints them (one line each). */
    public record Result(Scan.Output output, String stderr) {
        public String json() {
            return output.json();
        }
    }

    private ScenarioRun() {
    }

    public static Result run(Path dir, KernelInfo kernel, Body body, String... analyses) throws IOException {
        return run(dir, AnalysisCatalog.load(), kernel, body, analyses);
    }

    /** The same with the analyses of {@code catalog} instead of the service-loaded ones. */
    public static Result run(Path dir, AnalysisCatalog catalog, KernelInfo kernel, Body body, String... analyses)
            throws IOException {
        return run(dir, catalog, kernel, Map.of(), body, analyses);
    }

    /** The same with analysis arguments, e.g. {@code line-size} → {@code 128}. */
    public static Result run(Path dir, KernelInfo kernel, Map<String, List<String>> arguments, Body body,
            String... analyses) throws IOException {
        return run(dir, AnalysisCatalog.load(), kernel, arguments, body, analyses);
    }

    /** {@link #run} split over two threads by cache line ({@code SplitPass}), whatever the machine. */
    public static Result runSplit(Path dir, KernelInfo kernel, Map<String, List<String>> arguments, Body body,
            String... analyses) throws IOException {
        return run(dir, AnalysisCatalog.load(), kernel, arguments, body, true, analyses);
    }

    private static Result run(Path dir, AnalysisCatalog catalog, KernelInfo kernel, Map<String, List<String>> arguments,
            Body body, String... analyses) throws IOException {
        return run(dir, catalog, kernel, arguments, body, false, analyses);
    }

    private static Result run(Path dir, AnalysisCatalog catalog, KernelInfo kernel, Map<String, List<String>> arguments,
            Body body, boolean split, String... analyses) throws IOException {
        Path log = dir.resolve("scenario.log");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            body.write(s);
        }
        Scan.Output out = split ? Scan.runSplit(catalog, kernel, log, Arrays.asList(analyses), arguments)
                : Scan.run(catalog, kernel, log, Arrays.asList(analyses), arguments);
        StringBuilder warnings = new StringBuilder();
        out.warnings().forEach(w -> warnings.append(w).append('\n'));
        return new Result(out, warnings.toString());
    }

    /** An access with an explicit access count (the ScenarioLog helpers write 0). */
    public static AccessRecord access(int cpu, long accessCount, AccessType type, long pc, long hostAddr, long guestAddr,
            int bytes, boolean traffic) {
        return new AccessRecord(new Header(cpu, accessCount, 0), type.code(), traffic, false, false, pc, hostAddr,
                guestAddr, bytes);
    }

    /** Enters ({@code exit} false) or leaves an abstract scope. */
    public static void ascope(ScenarioLog s, int cpu, boolean exit, String name) {
        s.raw(new AscopeRecord(new Header(cpu, 0, 1), exit, name));
    }

    /** An abstract-variable read or write. */
    public static void avar(ScenarioLog s, int cpu, boolean write, String name) {
        s.raw(new AvarRecord(new Header(cpu, 0, 1), write, name));
    }

    /** The lines of a JSON document as a list, for readable failure messages. */
    public static List<String> lines(String json) {
        return List.of(json.split("\n", -1));
    }
}
