package org.mtrace.format.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Terminal's answers in a child JVM whose streams this test sets up: pipes, then a pseudo-terminal
 * from util-linux's {@code script} (skipped where it is missing).
 */
class TerminalTest {
    /** Prints what Terminal says about stdout and stderr. */
    public static void main(String[] args) {
        System.out.println("stdout=" + Terminal.stdoutIsTerminal() + " stderr=" + Terminal.stderrIsTerminal());
    }

    private static List<String> probe() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TerminalTest.class.getName());
    }

    @Test
    void pipesAreNotTerminals() throws Exception {
        Process p = new ProcessBuilder(probe()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals("stdout=false stderr=false", out.strip());
    }

    @Test
    void aPseudoTerminalIsOne() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script");
        String command = String.join(" ", probe().stream().map(a -> "'" + a + "'").toList());
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals("stdout=true stderr=true", out.strip());
    }
}
