package org.mtrace.mscan.lines;

import picocli.CommandLine.Option;

/**
 * {@code --line-size=N} (a picocli {@code @Mixin}): the one declaration of the option for mscan's
 * line views (all-sharing, false-sharing) and its report, checked by {@link LineSize#of}.
 */
public final class LineSizeOption {
    @Option(names = "--line-size", paramLabel = "N", defaultValue = "" + LineSize.DEFAULT_BYTES,
            description = "cache-line size in bytes, a power of two from 8 to 4096 (default 64, the recorder's)")
    int bytes = LineSize.DEFAULT_BYTES;

    /**
     * The size given.
     *
     * @throws IllegalArgumentException with a message fit for the user, naming the option
     */
    public LineSize lineSize() {
        try {
            return LineSize.of(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--line-size: " + e.getMessage(), e);
        }
    }
}
