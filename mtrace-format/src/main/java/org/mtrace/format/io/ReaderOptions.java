package org.mtrace.format.io;

/**
 * How strictly a {@link LogReader} treats entries it cannot interpret.
 *
 * @param skipUnknownTypes deliver entries whose type code names no type (size
 *     still checked against 24..124) instead of failing, as the original
 *     m2text did (it printed {@code print_entry: bad type N} and went on)
 * @param inflateThreads worker threads for inflating multi-member gzip logs
 *     that carry member sizes (0: one per available core; 1: inflate
 *     everything sequentially on the single background thread)
 */
public record ReaderOptions(boolean skipUnknownTypes, int inflateThreads) {
    public static final ReaderOptions STRICT = new ReaderOptions(false, 0);

    public ReaderOptions {
        if (inflateThreads < 0) {
            throw new IllegalArgumentException("inflate threads must be >= 0, not " + inflateThreads);
        }
    }

    public ReaderOptions withSkipUnknownTypes(boolean skip) {
        return new ReaderOptions(skip, inflateThreads);
    }

    public ReaderOptions withInflateThreads(int threads) {
        return new ReaderOptions(skipUnknownTypes, threads);
    }
}
