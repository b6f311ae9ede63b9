package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** Chooses how to read a stream from its first two bytes (FORMAT.md §1.2) and builds the pipeline. */
final class Sources {
    private static final int INPUT_BUFFER = 1 << 18;
    /** Blocks in flight when one thread fills them: one being filled, some queued, one being read. */
    private static final int SEQUENTIAL_BLOCKS = 4;

    private Sources() {
    }

    static ChunkSource detect(InputStream raw, String name, ReaderOptions options) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] magic = new byte[2];
        int n = 0;
        while (n < 2) {
            int r = in.read(magic, n, 2 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.unread(magic, 0, n);
        boolean gzip = n == 2 && (magic[0] & 0xff) == GzipHeader.ID1 && (magic[1] & 0xff) == GzipHeader.ID2;
        if (!gzip) {
            return new PipelinedSource(new RawProducer(in), SEQUENTIAL_BLOCKS, name);
        }
        int threads = inflateThreads(options);
        if (threads <= 1) {
            return new PipelinedSource(new GzipProducer(new InputBuffer(in, INPUT_BUFFER), null), SEQUENTIAL_BLOCKS, name);
        }
        WorkerPool<Block> workers = new WorkerPool<>(threads, "mtrace inflate " + name, MemberInflater::new);
        // Enough blocks that every worker has one queued behind the one it inflates, plus the reader's.
        return new PipelinedSource(new GzipProducer(new InputBuffer(in, INPUT_BUFFER), workers), 2 * threads + 2, name);
    }

    /** Worker count for parallel inflation; 1 means inflate on the single background thread. */
    static int inflateThreads(ReaderOptions options) {
        int t = options.inflateThreads();
        return t > 0 ? t : Runtime.getRuntime().availableProcessors();
    }
}
