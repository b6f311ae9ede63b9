package org.mtrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mtrace-bench}: throughput benchmarks of the mtrace tools. */
@Command(name = "mtrace-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Throughput benchmarks of the mtrace tools; results on stdout, progress on stderr.",
        subcommands = {FormatBench.class, MscanBench.class, LabelHeapBench.class, org.mtrace.bench.fuzz.FuzzBench.class,
            CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try: format, mscan, labels, fuzz)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line (help, completion and man page included); a file that cannot be read or written is bad input. */
    public static CommandLine commandLine() {
        return Cli.create(new BenchMain(), IOException.class, UncheckedIOException.class);
    }
}
