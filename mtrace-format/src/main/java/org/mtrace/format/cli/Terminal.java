package org.mtrace.format.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a person is watching a standard stream: progress is drawn only then, binary output refused. */
public final class Terminal {
    private Terminal() {
    }

    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    /**
     * On Linux the descriptor's target is read: {@code System.console()} is null as soon as stdout
     * is redirected ({@code mscan ... > out.json}, the usual case) although stderr is still the
     * terminal. Elsewhere the console test is the fallback: stdin and stdout on a terminal make it
     * likely that stderr is one too.
     */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
