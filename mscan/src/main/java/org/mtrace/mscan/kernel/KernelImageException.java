package org.mtrace.mscan.kernel;

/** The kernel image cannot be opened or parsed; the message names the file. */
public class KernelImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public KernelImageException(String message) {
        super(message);
    }
}
