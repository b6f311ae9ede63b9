package org.mtrace.format.cli;

import java.util.Map;
import java.util.TreeMap;

/**
 * The exit statuses every command shares, and the "Exit status" lines of every {@code --help}
 * (docs/architecture.md, "The CLI toolkit", lists them once for people). A status whose meaning
 * differs per tool (1) is declared by the tool in {@code @Command(exitCodeList = "1:...")}.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad usage (an unknown option, a missing or malformed argument) or bad input (a file that cannot be used). */
    public static final int BAD_INPUT = 2;
    /** A fault of the program itself, not of its input: sysexits.h's EX_SOFTWARE, apart from every tool's own codes. */
    public static final int INTERNAL = 70;

    private static final Map<Integer, String> SHARED = Map.of(
            OK, "ok",
            BAD_INPUT, "bad usage or bad input: one line on stderr (for a bad log: the file, entry index and "
                    + "byte offset; what was valid before the fault is still printed)",
            INTERNAL, "internal error (a bug of the tool): one line on stderr naming it; please report it");

    private ExitCodes() {
    }

    /**
     * The lines of one command's exit status list: the shared statuses and the command's own, in
     * ascending order; a command's text for a shared status is appended to the shared text.
     *
     * @param own the command's declared {@code exitCodeList} (keys may carry padding)
     */
    static Map<String, String> merged(Map<String, String> own) {
        TreeMap<Integer, String> all = new TreeMap<>(SHARED);
        own.forEach((k, v) -> all.merge(Integer.parseInt(k.trim()), v, (shared, mine) -> shared + "; " + mine));
        Map<String, String> lines = new java.util.LinkedHashMap<>();
        all.forEach((code, text) -> lines.put(String.format("%2d", code), text));
        return lines;
    }
}
