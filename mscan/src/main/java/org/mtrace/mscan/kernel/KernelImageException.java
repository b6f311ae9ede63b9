package org.mtrace.mscan.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel image cannot be opened or parsed; the message names the file. */
public class KernelImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public KernelImageException(String message) {
        super(message);
    }

    /**
     * Throws unless {@code image} is a readable regular file: the original's {@code failed to open
     * <path>} (MSCAN.md §1.2, step 4), then why (no such file, a directory, permission denied), as
     * every other file error says. One place for the test and its reasons (both kernel readers ask).
     */
    public static void requireReadable(Path image) throws KernelImageException {
        if (Files.isRegularFile(image) && Files.isReadable(image)) {
            return;
        }
        String why = !Files.exists(image) ? "no such file"
                : Files.isDirectory(image) ? "a directory, not a file"
                : !Files.isRegularFile(image) ? "not a regular file"
                : "permission denied";
        throw new KernelImageException("failed to open " + image + ": " + why);
    }
}
