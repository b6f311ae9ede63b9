package org.mtrace.format.io;

import java.io.IOException;

/**
 * A fault in the container (gzip) rather than in the entries. Raised by a
 * {@link ChunkSource} after it has delivered every byte it could decode; the
 * reader turns it into a {@link LogFormatException} with the entry position.
 */
public final class ContainerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    public ContainerException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public ContainerException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
