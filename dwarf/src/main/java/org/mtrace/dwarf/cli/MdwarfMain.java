package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.describe.MissingAttributeException;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.ExitCodes;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mdwarf}: look at a binary's debug information the way mscan uses it. Exit status: 0 success,
 * 1 a query found nothing (unknown type or address), 2 bad input or usage.
 */
@Command(name = "mdwarf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Read DWARF 2-5 debug information: struct.field attribution, source lines, layouts.",
        exitCodeList = "1:a query found nothing (describe, layout)",
        subcommands = {InfoCommand.class, Addr2lineCommand.class, DescribeCommand.class, LayoutCommand.class,
                BenchCommand.class})
public final class MdwarfMain implements Runnable {
    public static final int NOT_FOUND = 1, BAD_INPUT = ExitCodes.BAD_INPUT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (info, addr2line, describe, layout)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line (help, completion and man page included); a bad ELF or DWARF is bad input. */
    public static CommandLine commandLine() {
        return Cli.create(new MdwarfMain(), DwarfException.class, IllegalArgumentException.class,
                MissingAttributeException.class);
    }
}
