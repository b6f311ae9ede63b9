package org.mtrace.mscan.cli;

/** Bad command line in the original's style; the message is printed as is, followed by the usage text. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
