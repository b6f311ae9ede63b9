package org.mtrace.mscan.engine;

/**
 * Factory for one analysis, found through {@link java.util.ServiceLoader} (a new analysis is a new
 * class plus a line in {@code META-INF/services/org.mtrace.mscan.engine.AnalysisProvider}).
 */
public interface AnalysisProvider {

    /** Command name, e.g. {@code "false-sharing"}; equals the legacy option without {@code --}. */
    String name();

    /** One-line help text (the original's help text for its option). */
    String description();

    /**
     * Position in the original's end-of-log order (MSCAN.md §2, 1 = distinct-sys ... 15 =
     * serial-length). Analyses finish, and are dispatched, in ascending rank; providers that share
     * one handler (abstract-scopes, unexpected-sharing) share a rank.
     */
    int rank();

    /**
     * Creates (or, for providers that share one handler, joins) the analysis. Use
     * {@link AnalysisSetup#require(String)} for analyses this one implies (distinct-ops implies
     * distinct-sys) and {@link AnalysisSetup#shared(Class, java.util.function.Supplier)} to share
     * one instance between several providers. Throw {@link IllegalArgumentException} for bad
     * arguments (reported as a usage error).
     */
    Analysis create(AnalysisSetup setup);
}
