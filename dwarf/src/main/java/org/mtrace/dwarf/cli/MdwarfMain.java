package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DwarfException;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mdwarf}: look at a binary's debug information the way mscan uses it. Exit status: 0 success,
 * 1 a query found nothing (unknown type or address), 2 bad input or usage.
 */
@Command(name = "mdwarf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Read DWARF 2-5 debug information: struct.field attribution, source lines, layouts.",
        subcommands = {InfoCommand.class, Addr2lineCommand.class, DescribeCommand.class, LayoutCommand.class,
                BenchCommand.class})
public final class MdwarfMain implements Runnable {
    public static final int NOT_FOUND = 1, BAD_INPUT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (info, addr2line, describe, layout)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new MdwarfMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DwarfException || e instanceof IllegalArgumentException
                    || e instanceof org.mtrace.dwarf.describe.MissingAttributeException) {
                cmd.getErr().println("mdwarf: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("mdwarf: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
