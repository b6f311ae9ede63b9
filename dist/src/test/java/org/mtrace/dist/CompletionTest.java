package org.mtrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.engine.AnalysisCatalog;

/**
 * The completion scripts CliDocs writes at build time: valid bash, and bash itself completes
 * analysis names, options and subcommands with them (the script is sourced and its completion
 * function called as bash would on TAB). Expected names come from the analysis catalog and the
 * bin/ launchers, not from the scripts.
 */
class CompletionTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        CliDocs.writeCompletion(dir);
    }

    @Test
    void everyScriptIsValidBash() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertEquals("", bash(true, "-n", f.toString()), f.toString());
            }
        }
    }

    @Test
    void completesAnalysisNamesFromTheCatalog() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        AnalysisCatalog.load().names().stream().filter(n -> n.startsWith("fal")).forEach(expected::add);
        assertTrue(expected.contains("false-sharing"), expected.toString());
        assertEquals(expected, complete("mscan", "fal"));
        TreeSet<String> second = new TreeSet<>();
        AnalysisCatalog.load().names().stream().filter(n -> n.startsWith("a")).forEach(second::add);
        assertTrue(second.containsAll(List.of("abstract-scopes", "all-sharing")), second.toString());
        assertEquals(second, complete("mscan", "summary", "a")); // every word before the log names an analysis
    }

    @Test
    void completesOptionsAndSubcommands() throws Exception {
        assertEquals(new TreeSet<>(List.of("--kernel")), complete("mscan", "--ker"));
        assertEquals(new TreeSet<>(List.of("--skip-unknown")), complete("m2text", "--sk"));
        assertEquals(new TreeSet<>(List.of("layout")), complete("mdwarf", "la"));
        assertEquals(new TreeSet<>(List.of("--line-size")), complete("mtrace-refilter", "--line"));
    }

    @Test
    void everyJavaLauncherHasItsScript() throws Exception {
        TreeSet<String> launchers = new TreeSet<>();
        Launchers.all().forEach((name, main) -> {
            if (main != null) {
                launchers.add(name);
            }
        });
        assertEquals(launchers, new TreeSet<>(Tools.all().keySet()));
        for (String tool : launchers) {
            assertEquals(tool, Tools.all().get(tool).get().getCommandName(), tool);
            assertTrue(Files.readString(dir.resolve(tool + ".bash")).contains("complete -F _complete_" + tool + " "),
                    tool);
        }
    }

    /** What bash offers on TAB after the given words (the last one being completed), via mtrace.bash. */
    private static TreeSet<String> complete(String... words) throws Exception {
        String script = "source " + dir.resolve("mtrace.bash") + "\n"
                + "COMP_WORDS=(" + String.join(" ", words) + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_" + words[0] + " " + words[0] + " " + words[words.length - 1] + " "
                + words[words.length - 2] + "\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // stderr apart: compopt complains outside a real completion, harmlessly
        TreeSet<String> offered = new TreeSet<>(bash(false, "-c", script).lines().map(String::strip).filter(s -> !s.isEmpty())
                .toList());
        return offered;
    }

    /** bash's stdout (and stderr if {@code withErrors}); it must exit 0. */
    private static String bash(boolean withErrors, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (withErrors) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
