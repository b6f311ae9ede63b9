package org.mtrace.mscan.cli;

/** Bad command line; the message is printed as is, followed by the usage text unless it says all. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean showUsage;

    UsageException(String message) {
        this(message, true);
    }

    /** @param showUsage false when the message alone says what to do (an unknown analysis name) */
    UsageException(String message, boolean showUsage) {
        super(message);
        this.showUsage = showUsage;
    }

    boolean showUsage() {
        return showUsage;
    }
}
