package org.mtrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand of bin/ treats bad usage alike: exit status 2 and exactly one stderr
 * line "TOOL: MESSAGE (see COMMAND --help)", nothing on stdout; and every --help ends with the same
 * exit status list (0, 2, 70 and the tool's own).
 */
class BadUsageTest {
    @Test
    void anUnknownOptionIsOneLineAndStatusTwo() {
        for (Map.Entry<String, Supplier<CommandLine>> tool : Tools.all().entrySet()) {
            for (List<String> command : commands(tool.getKey(), tool.getValue().get())) {
                List<String> args = new ArrayList<>(command.subList(1, command.size()));
                args.add("--no-such-option");
                Run r = run(tool.getValue().get(), args);
                String name = String.join(" ", command);
                assertEquals(2, r.status, name);
                assertEquals("", r.out, name);
                List<String> lines = r.err.lines().toList();
                assertEquals(1, lines.size(), name + ": " + r.err);
                // picocli names a missing required parameter before an unknown option
                assertTrue(lines.get(0).equals(tool.getKey() + ": Unknown option: '--no-such-option' (see " + name + " --help)")
                        || lines.get(0).matches(Pattern.quote(tool.getKey() + ": Missing required ") + ".* "
                                + Pattern.quote("(see " + name + " --help)")), lines.get(0));
            }
        }
    }

    @Test
    void aMissingParameterIsOneLineAndStatusTwo() {
        assertEquals(new Run(2, "", "mtrace-hooks: Missing required parameter: 'VMLINUX' (see mtrace-hooks --help)\n"),
                run(Tools.all().get("mtrace-hooks").get(), List.of()));
        assertEquals(new Run(2, "", "mdwarf: Missing required parameters: 'ELF', 'TYPE' (see mdwarf layout --help)\n"),
                run(Tools.all().get("mdwarf").get(), List.of("layout")));
        assertEquals(new Run(2, "", "mtrace-synth: Missing required option: '--output=FILE' (see mtrace-synth --help)\n"),
                run(Tools.all().get("mtrace-synth").get(), List.of()));
    }

    @Test
    void everyHelpListsTheSharedExitStatuses() {
        for (Map.Entry<String, Supplier<CommandLine>> tool : Tools.all().entrySet()) {
            for (List<String> command : commands(tool.getKey(), tool.getValue().get())) {
                List<String> args = new ArrayList<>(command.subList(1, command.size()));
                args.add("--help");
                Run r = run(tool.getValue().get(), args);
                String name = String.join(" ", command);
                assertEquals(0, r.status, name + ": " + r.err);
                String help = r.out.substring(r.out.indexOf("\nExit status:\n") + 1);
                assertTrue(help.contains("\n   0   ok"), name + ": " + help);
                assertTrue(help.contains("\n   2   bad usage or bad input: one line on stderr"), name + ": " + help);
                assertTrue(help.contains("\n  70   internal error"), name + ": " + help);
            }
        }
    }

    /** The command and each subcommand, as the words that name it (not picocli's own help command). */
    private static List<List<String>> commands(String tool, CommandLine cl) {
        List<List<String>> all = new ArrayList<>();
        all.add(List.of(tool));
        cl.getSubcommands().forEach((sub, c) -> {
            if (!(c.getCommand() instanceof CommandLine.HelpCommand)) {
                all.add(List.of(tool, sub));
            }
        });
        return all;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(CommandLine cl, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args.toArray(String[]::new));
        return new Run(rc, out.toString(), err.toString());
    }
}
