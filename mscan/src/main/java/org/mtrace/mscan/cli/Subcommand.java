package org.mtrace.mscan.cli;

/**
 * A command of {@code bin/mscan} beside the analyses ({@code bin/mscan NAME ...}): a picocli
 * {@code @Command(name = NAME)} class with a public no-argument constructor that implements this
 * interface, registered by one line in {@code META-INF/services/org.mtrace.mscan.cli.Subcommand} of
 * its module (it may live in any module on the class path, e.g. analyses). mscan adds it under its
 * name, so {@code --help}, completion, man pages, exit statuses and error lines come with it
 * (docs/architecture.md, "The CLI toolkit"). It writes to {@code spec.commandLine().getOut()} and
 * {@code getErr()}, so tests that embed mscan capture it; a usage error is
 * {@code throw Cli.usageError(spec, "...")}.
 */
public interface Subcommand {
}
