package org.mtrace.format.io;

import java.io.IOException;

/**
 * Fills {@link Block}s with the decompressed stream, in stream order, on the
 * background thread of a {@link PipelinedSource}.
 */
interface BlockProducer {

    /**
     * Produces the whole stream: claims blocks from {@code pipeline}, fills
     * them (or has workers fill them) and publishes them in order. A fault is
     * thrown after every block before it has been published.
     */
    void produce(PipelinedSource pipeline) throws IOException, InterruptedException;

    /** File bytes consumed so far. */
    long inputPosition();

    Container container();

    /** Releases the input and any worker threads. */
    void close() throws IOException;
}
