package org.mtrace.analyses.example;

import java.util.concurrent.Callable;
import org.mtrace.format.cli.Cli;
import org.mtrace.mscan.cli.Subcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A subcommand as docs/architecture.md shows it: this class and one line in META-INF/services. */
@Command(name = "hello", mixinStandardHelpOptions = true, description = "Greets.")
public final class HelloCommand implements Callable<Integer>, Subcommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "who to greet")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (name.isBlank()) {
            throw Cli.usageError(spec, "--name must not be blank");
        }
        spec.commandLine().getOut().println("hello " + name);
        return 0;
    }
}
