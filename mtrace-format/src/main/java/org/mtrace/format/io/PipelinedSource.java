package org.mtrace.format.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The one {@link ChunkSource}: a {@link BlockProducer} runs on a background
 * thread and publishes blocks in stream order through a bounded queue; the
 * reader takes them in that order, waiting for a block whose bytes are still
 * being inflated by a worker. A fixed set of recycled blocks bounds memory,
 * and a fault travels as the last block so every byte before it is
 * delivered first.
 */
final class PipelinedSource implements ChunkSource {
    /** Output bytes per block: large enough that per-block costs vanish, small enough to stay in L2/L3. */
    static final int BLOCK_SIZE = 1 << 20;
    private static final Block END = new Block(0);
    /** How long close() waits for the producer; a read blocked in the OS cannot always be interrupted. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final BlockProducer producer;
    private final BlockingQueue<Block> ordered;
    private final BlockingQueue<Block> free;
    private final Thread thread;
    private final int blockLimit;
    private int blocksCreated; // producer thread only
    private Block current;
    private ContainerException pendingFailure;
    private boolean ended;
    private volatile boolean closed;

    /**
     * @param blocks how many blocks may be in flight (queued, being filled or
     *     held by the reader); at least 2 so producing overlaps with reading
     */
    PipelinedSource(BlockProducer producer, int blocks, String name) {
        this.producer = producer;
        this.ordered = new ArrayBlockingQueue<>(blocks + 1);
        this.free = new ArrayBlockingQueue<>(blocks);
        this.blockLimit = blocks;
        thread = new Thread(this::run, "mtrace read " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            producer.produce(this);
            ordered.put(END);
        } catch (InterruptedException e) {
            // closed by the reader: nobody is waiting any more
        } catch (IOException e) {
            if (closed) {
                return;
            }
            ContainerException fault = e instanceof ContainerException c ? c
                    : new ContainerException(Problem.IO_ERROR, "read error: " + e.getMessage(), e);
            try {
                Block b = claim();
                b.failure = fault;
                b.markReady();
                ordered.put(b);
                ordered.put(END);
            } catch (InterruptedException ie) {
                // closed meanwhile
            }
        } catch (RuntimeException | Error e) {
            // A bug or an exhausted VM, not bad input: end the stream with the cause attached so the
            // reader reports it as one error and cannot hang waiting for blocks. Not rethrown: the
            // reader's report is the one message (no stack trace from this thread).
            if (!closed) {
                Block b = new Block(0);
                b.failure = new ContainerException(Problem.IO_ERROR, "internal error while reading: " + e, e);
                b.markReady();
                ordered.offer(b);
                ordered.offer(END);
            }
        }
    }

    // ---- producer side

    /**
     * An empty block to fill; waits while all blocks are in flight. Blocks
     * are created on first need, so a small log costs one block, not the
     * whole pipeline's worth.
     */
    Block claim() throws InterruptedException {
        Block b = free.poll();
        if (b == null) {
            if (blocksCreated < blockLimit) {
                blocksCreated++;
                b = new Block(BLOCK_SIZE);
            } else {
                b = free.take();
            }
        }
        b.reset();
        return b;
    }

    /** Queues {@code b} as the next block of the stream; it may still be filled later (see {@link Block#markReady()}). */
    void publish(Block b) throws InterruptedException {
        ordered.put(b);
    }

    /** Queues a block its producer has filled, or recycles it if it holds nothing. */
    void publishFilled(Block b) throws InterruptedException {
        if (b.out.length > 0) {
            b.markReady();
            publish(b);
        } else {
            recycle(b);
        }
    }

    /** Returns a block that turned out to have nothing to deliver. */
    void recycle(Block b) {
        free.offer(b);
    }

    // ---- reader side

    @Override
    public Chunk next() throws IOException {
        if (current != null) {
            recycle(current);
            current = null;
        }
        if (ended) {
            return null;
        }
        if (pendingFailure != null) {
            ended = true;
            throw pendingFailure;
        }
        try {
            while (true) {
                Block b = ordered.take();
                if (b == END) {
                    ended = true;
                    return null;
                }
                producer.helpFill(b);
                b.awaitReady();
                if (b.out.length > 0) {
                    current = b;
                    pendingFailure = b.failure;
                    return b.out;
                }
                ContainerException failure = b.failure;
                recycle(b);
                if (failure != null) {
                    ended = true;
                    throw failure;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for log data");
        }
    }

    @Override
    public void release(Chunk chunk) {
        if (current != null && current.out == chunk) {
            recycle(current);
            current = null;
        }
    }

    @Override
    public long inputPosition() {
        return producer.inputPosition();
    }

    @Override
    public Container container() {
        return producer.container();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        producer.close();
        // Once close() returns, no background thread touches the caller's stream any more.
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
