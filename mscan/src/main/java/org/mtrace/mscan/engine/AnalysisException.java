package org.mtrace.mscan.engine;

/**
 * A fatal condition of one analysis (the original's {@code die(...)} or assertion), e.g. a summary
 * requested while the log is still recording. The message is the original's wording where the spec
 * gives one; the engine adds the analysis name and, if raised while reading, the entry index.
 */
public class AnalysisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnalysisException(String message) {
        super(message);
    }
}
