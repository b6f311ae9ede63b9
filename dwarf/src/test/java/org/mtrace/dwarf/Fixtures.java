package org.mtrace.dwarf;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Builds test fixtures with gcc at test time and runs binutils/gdb for expected values. */
final class Fixtures {
    private static final Path DIR;
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    static {
        try {
            DIR = Files.createTempDirectory("mdwarf-fixtures");
            Runtime.getRuntime().addShutdownHook(new Thread(Fixtures::deleteAll)); // all test files live here
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Fixtures() {}

    static Path dir() { return DIR; }

    private static void deleteAll() {
        try (var walk = Files.walk(DIR)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is in the system temp area
        }
    }

    /** Compiles a fixture source (from test resources) with the given compiler and flags; cached per flags. */
    static Path build(String source, String compiler, String... flags) {
        String key = source + " " + compiler + " " + String.join(" ", flags);
        return BUILT.computeIfAbsent(key, k -> {
            Assumptions.assumeTrue(onPath(compiler), compiler + " not installed");
            List<String> sources = new ArrayList<>();
            for (String one : source.split(",")) { // several comma-separated sources link into one binary
                Path src = DIR.resolve(one);
                try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + one)) {
                    if (!Files.exists(src)) Files.copy(in, src);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                sources.add(src.toString());
            }
            Path out = DIR.resolve(source.replace('.', '_').replace(',', '_') + "_" + Integer.toHexString(k.hashCode()));
            List<String> cmd = new ArrayList<>(List.of(compiler));
            cmd.addAll(Arrays.asList(flags));
            cmd.add("-o");
            cmd.add(out.toString());
            cmd.addAll(sources);
            run(cmd.toArray(new String[0]));
            return out;
        });
    }

    /** The source line addr2line gives for {@code pcHex} in the outermost inline frame (the line a caller wrote). */
    static int outermostLine(Path bin, String pcHex) {
        String[] lines = run("addr2line", "-i", "-e", bin.toString(), pcHex).trim().split("\n");
        String outer = lines[lines.length - 1];
        return Integer.parseInt(outer.substring(outer.lastIndexOf(':') + 1).replaceAll(" .*", ""));
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv("PATH").split(":")) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    /** Runs a command, returning stdout; fails the test if it exits nonzero. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException("timeout: " + List.of(cmd)); }
            if (p.exitValue() != 0) throw new IllegalStateException("exit " + p.exitValue() + ": " + List.of(cmd));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
