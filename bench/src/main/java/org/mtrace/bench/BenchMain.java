package org.mtrace.bench;

import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mtrace-bench}: throughput benchmarks of the mtrace tools. */
@Command(name = "mtrace-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Throughput benchmarks of the mtrace tools; results on stdout, progress on stderr.",
        subcommands = {FormatBench.class, MscanBench.class, org.mtrace.bench.fuzz.FuzzBench.class,
            CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try: format, mscan, fuzz)");
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setParameterExceptionHandler((ex, a) -> {
            cli.getErr().println("mtrace-bench: " + ex.getMessage());
            cli.getErr().println("Try 'mtrace-bench --help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("mtrace-bench: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
