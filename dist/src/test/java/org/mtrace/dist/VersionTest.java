package org.mtrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every command in bin/ (and every picocli subcommand) answers {@code --version} with the same
 * version, the parent pom's project version without -SNAPSHOT. The tools are run as separate
 * processes on the test class path (their real main, System.exit included); the expectation is
 * read from pom.xml with an XML parser, not through the class under test.
 */
class VersionTest {
    private static final Path ROOT = Launchers.ROOT;
    /** Subcommands that have their own --version (picocli prints nothing where none is configured). */
    private static final List<List<String>> SUBCOMMANDS = List.of(
            List.of("mdwarf", "info"), List.of("mdwarf", "addr2line"), List.of("mdwarf", "describe"),
            List.of("mdwarf", "layout"), List.of("mdwarf", "bench"),
            List.of("mtrace-bench", "format"), List.of("mtrace-bench", "mscan"), List.of("mtrace-bench", "fuzz"));

    @Test
    void everyToolPrintsThePomVersion() throws Exception {
        String expected = pomVersion().replaceFirst("-SNAPSHOT$", "");
        assertTrue(expected.matches("\\d+\\.\\d+\\.\\d+"), expected);

        TreeMap<String, String> mains = Launchers.all();
        assertTrue(mains.containsKey("mtrace-record") && mains.get("mtrace-record") == null, mains.toString());
        assertTrue(mains.size() >= 8, mains.toString());

        List<String> lines = new ArrayList<>();
        for (var e : mains.entrySet()) {
            String line = run(e.getValue(), e.getKey(), List.of("--version"));
            assertTrue(line.startsWith(e.getKey() + " "), "bin/" + e.getKey() + ": " + line);
            lines.add(line);
        }
        for (List<String> sub : SUBCOMMANDS) {
            String line = run(mains.get(sub.get(0)), sub.get(0), List.of(sub.get(1), "--version"));
            assertTrue(line.startsWith(sub.get(0) + " "), sub + ": " + line);
            lines.add(line);
        }
        for (String line : lines) {
            String[] words = line.split(" ");
            assertEquals(expected, words[words.length - 1], line);
        }
    }

    /** The &lt;version&gt; element directly under &lt;project&gt; of the parent pom. */
    private static String pomVersion() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals("version")) {
                return el.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no project version");
    }

    /** Runs one tool (a main class on this test's class path, or the bin/ script itself); its one stdout line. */
    private static String run(String mainClass, String name, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (mainClass == null) {
            cmd.add("bash");
            cmd.add(ROOT.resolve("bin").resolve(name).toString());
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), cmd + ": exit status");
        List<String> lines = out.lines().toList();
        assertEquals(1, lines.size(), cmd + ": " + out);
        assertFalse(lines.get(0).isBlank(), cmd.toString());
        return lines.get(0);
    }
}
