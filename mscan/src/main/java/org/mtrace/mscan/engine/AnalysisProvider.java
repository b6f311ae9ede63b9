package org.mtrace.mscan.engine;

/**
 * Factory for one analysis, found through {@link java.util.ServiceLoader} (a new analysis is a new
 * class plus a line in {@code META-INF/services/org.mtrace.mscan.engine.AnalysisProvider}).
 */
public interface AnalysisProvider {

    /**
     * Command name, e.g. {@code "false-sharing"}: a word of the new-style command line and of
     * {@code --list}. For the original's fifteen analyses it equals the legacy option without
     * {@code --}; others exist in the new style only (the original's option table fixes the
     * legacy style's prefix rules).
     */
    String name();

    /** One-line help text for {@code --list} and {@code --help} (the original's for its options). */
    String description();

    /**
     * Position in the end-of-log order: analyses finish (so their keys print), and are dispatched,
     * in ascending rank, equal ranks by name. The original's analyses use {@link Rank} (MSCAN.md
     * §2, 1 = distinct-sys ... 15 = serial-length); others use any number above
     * {@link Rank#ORIGINAL_LAST}. Providers that share one handler (abstract-scopes,
     * unexpected-sharing) share a rank.
     */
    int rank();

    /**
     * Class of the analysis {@link #create} returns, for typed dependencies
     * ({@link AnalysisSetup#require(Class)}); null if none is declared.
     */
    default Class<? extends Analysis> analysisClass() {
        return null;
    }

    /**
     * Creates (or, for providers that share one handler, joins) the analysis. Use
     * {@link AnalysisSetup#require(String)} for analyses this one implies (distinct-ops implies
     * distinct-sys) and {@link AnalysisSetup#shared(Class, java.util.function.Supplier)} to share
     * one instance between several providers. Throw {@link IllegalArgumentException} for bad
     * arguments (reported as a usage error).
     */
    Analysis create(AnalysisSetup setup);
}
