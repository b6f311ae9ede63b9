package org.mtrace.format.io;

import java.io.Closeable;
import java.io.IOException;

/** Supplies the decompressed entry stream in blocks; one implementation per container. */
public interface ChunkSource extends Closeable {

    /**
     * The next non-empty block in stream order, or {@code null} at a clean
     * end. After the last good block a container fault is thrown as
     * {@link ContainerException}.
     */
    Chunk next() throws IOException;

    /** Returns a block the reader has finished with, for reuse. */
    void release(Chunk chunk);

    /** Bytes of the underlying file consumed so far (for progress and ETA). */
    long inputPosition();

    /** How the stream is stored. */
    Container container();
}
