package org.mtrace.format.cli;

import picocli.CommandLine.Option;

/**
 * {@code -q, --quiet} for every command (a picocli {@code @Mixin}): progress and summaries on
 * stderr only for a person watching, errors and warnings always.
 */
public final class QuietOption {
    @Option(names = {"-q", "--quiet"},
            description = "nothing on stderr but errors and warnings: no progress (drawn only when stderr is a "
                    + "terminal), no summary")
    boolean quiet;

    public boolean quiet() {
        return quiet;
    }

    /** Whether to draw progress on stderr: not quiet, and stderr is a terminal. */
    public boolean progress() {
        return !quiet && Terminal.stderrIsTerminal();
    }
}
