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

    /**
     * Called by the reader before it waits for {@code block}: a producer
     * whose blocks are filled by workers may fill it on the reader's thread
     * if no worker has started it yet, so a busy machine never leaves the
     * reader idle behind a worker that is not running.
     */
    default void helpFill(Block block) {
    }

    /** File bytes consumed so far. */
    long inputPosition();

    Container container();

    /** Releases the input and any worker threads. */
    void close() throws IOException;
}
