package org.mtrace.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes, at build time (dist's package phase, after the class path is in dist/target/lib), one
 * class-data-sharing archive per trained tool: {@code dist/target/cds/MAIN_CLASS.jsa}, the classes
 * a typical run loads, parsed and verified once so that every launch maps them instead (JDK 13+
 * dynamic archives, {@code -XX:ArchiveClassesAtExit}). Each archive comes from one training run of
 * the tool through {@code bin/_launch} itself (with {@code MTRACE_CDS_DUMP} set), so it was made
 * with the very class path and java the launcher uses; the JVM checks both on every launch and
 * silently ignores an archive that does not match. The archives are an optimisation: a training
 * run that fails leaves a note on the build's output and no archive, never a failed build.
 * Usage: {@code CdsArchives PROJECT_ROOT}.
 */
public final class CdsArchives {
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private CdsArchives() {
    }

    /** Main class to the arguments of its training run: a representative run on the repository's demo files. */
    static Map<String, List<String>> trainingRuns(Path root) {
        String log = root.resolve("examples/demo.mtrace.gz").toString();
        String kernel = root.resolve("examples/demo-kernel.elf").toString();
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("org.mtrace.mscan.cli.MscanMain",
                List.of("--quiet", "--kernel=" + kernel, "distinct-sys", "false-sharing", "summary", log));
        runs.put("org.mtrace.m2text.M2Text", List.of(log));
        return runs;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: CdsArchives PROJECT_ROOT");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toRealPath();
        Path dir = root.resolve("dist/target/cds");
        Files.createDirectories(dir);
        for (Map.Entry<String, List<String>> run : trainingRuns(root).entrySet()) {
            String problem = train(root, dir, run.getKey(), run.getValue());
            if (problem != null) {
                System.out.println("CdsArchives: no archive for " + run.getKey() + " (" + problem
                        + "); its tool starts without one");
            }
        }
    }

    /** Writes {@code dir/MAIN.jsa} by one training run; null on success, else what went wrong. */
    static String train(Path root, Path dir, String main, List<String> arguments)
            throws IOException, InterruptedException {
        Path archive = dir.resolve(main + ".jsa");
        Path partial = dir.resolve(main + ".jsa.partial");
        Files.deleteIfExists(archive); // a stale archive must not outlive a failed training run
        Files.deleteIfExists(partial);
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/_launch").toString(), main));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MTRACE_CDS_DUMP", partial.toString());
        pb.environment().remove("MTRACE_JAVA_OPTS"); // the archive is for the launcher's own defaults
        // the training run's DWARF index goes to the build directory, not the user's cache
        pb.environment().put("MTRACE_CACHE_DIR", dir.resolve("training-cache").toString());
        Process p = pb.start();
        if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "training run timed out";
        }
        if (p.exitValue() != 0) {
            return "training run exited with " + p.exitValue();
        }
        if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
            return "the JVM wrote no archive";
        }
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}
