package org.mtrace.format.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The shared error handling on a small command whose every way to fail is chosen by an option. */
class CliTest {
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    @Command(name = "tool", mixinStandardHelpOptions = true, exitCodeList = {"1:nothing found", "2:the disk is full"})
    static final class Tool implements Callable<Integer> {
        @Option(names = "--fail")
        String fail = "";

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "input" -> throw new BadInput("in.log: entry 3 at byte offset 70: bad size");
                case "bug" -> throw new IllegalStateException("cannot happen");
                case "usage" -> throw Cli.usageError(spec, "--fail needs company");
                case "explained" -> throw Cli.selfExplainedUsageError(spec, "unknown word 'x' (did you mean y?)");
                default -> {
                    return 1;
                }
            }
        }
    }

    private record Run(int status, String out, List<String> err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.create(new Tool(), BadInput.class);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString().lines().toList());
    }

    @Test
    void badUsageIsOneLineAndTwo() {
        assertEquals(new Run(2, "", List.of("tool: Unknown option: '--frob' (see tool --help)")), run("--frob"));
        assertEquals(new Run(2, "", List.of("tool: --fail needs company (see tool --help)")), run("--fail=usage"));
        assertEquals(new Run(2, "", List.of("tool: unknown word 'x' (did you mean y?)")), run("--fail=explained"));
    }

    @Test
    void badInputIsOneLineAndTwo() {
        assertEquals(new Run(2, "", List.of("tool: in.log: entry 3 at byte offset 70: bad size")), run("--fail=input"));
    }

    @Test
    void aFaultOfTheProgramIsOneLineAndSeventy() {
        Run r = run("--fail=bug");
        assertEquals(70, r.status());
        assertEquals(1, r.err().size(), r.err().toString());
        assertTrue(r.err().get(0).startsWith("tool: internal error: java.lang.IllegalStateException: cannot happen (at "
                + Tool.class.getName() + ".call(CliTest.java:"), r.err().get(0));
        assertTrue(r.err().get(0).endsWith("); please report it"), r.err().get(0));
    }

    @Test
    void theCommandsOwnStatusIsReturnedAndListedInHelp() {
        assertEquals(new Run(1, "", List.of()), run());
        Run help = run("--help");
        assertEquals(0, help.status());
        String list = help.out().substring(help.out().indexOf("Exit status:"));
        assertEquals(List.of("Exit status:", "   0   ok", "   1   nothing found"), list.lines().limit(3).toList());
        assertTrue(list.contains("\n   2   bad usage or bad input: one line on stderr"), list);
        assertTrue(list.contains("; the disk is full"), list); // a tool's text for a shared status is appended
        assertTrue(list.contains("\n  70   internal error"), list);
    }
}
