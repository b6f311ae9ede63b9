package org.mtrace.mscan.engine;

/** Where non-fatal warnings of the original go (stderr in the CLI, a list in tests). */
@FunctionalInterface
public interface Diagnostics {
    void warn(String message);

    Diagnostics STDERR = message -> System.err.println(message);
}
