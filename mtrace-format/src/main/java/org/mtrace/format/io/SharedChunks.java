package org.mtrace.format.io;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * One decompressed stream read by several readers on different threads: the stream is read
 * (and inflated) once, and every block is handed to each reader ({@link #consumer}) in stream
 * order. Blocks are copied out of the underlying source, which lends only one block at a time,
 * into a small ring of slots; a slot is reused once every open consumer has moved past it, so
 * the readers drift at most {@code slots} blocks apart and memory stays bounded. Whichever
 * consumer is ahead fetches the next block. A fault of the stream, or its end, reaches every
 * consumer at the same position. A consumer that is closed no longer holds anything back.
 */
final class SharedChunks {
    private final ChunkSource source;
    private final Chunk[] ring;
    /** Per slot: consumers that still have to read (or release) it. */
    private final int[] pending;
    /** Per slot: the fault that ends the stream there (null: a block, or the end if {@link #endAt} says so). */
    private final IOException[] failure;
    /** Per consumer: the sequence number of the next block it reads. */
    private final long[] position;
    private final boolean[] open;
    private int openCount;
    /** Blocks fetched so far; slot of block s is {@code s % ring.length}. */
    private long filled;
    /** Sequence number of the end of the stream, once known. */
    private long endAt = Long.MAX_VALUE;
    private boolean fetching;

    SharedChunks(ChunkSource source, int consumers, int slots) {
        this.source = source;
        this.ring = new Chunk[slots];
        this.pending = new int[slots];
        this.failure = new IOException[slots];
        this.position = new long[consumers];
        this.open = new boolean[consumers];
        java.util.Arrays.fill(open, true);
        this.openCount = consumers;
    }

    /** The stream as seen by consumer {@code i}. */
    ChunkSource consumer(int i) {
        return new Consumer(i);
    }

    private Chunk next(int c) throws IOException {
        long s;
        synchronized (this) {
            releaseHeld(c);
            s = position[c];
            while (true) {
                if (s >= endAt) {
                    return null;
                }
                if (s < filled) {
                    break;
                }
                if (!fetching && pending[slot(s)] == 0) {
                    fetching = true; // this consumer fetches block s
                    break;
                }
                waitHere();
            }
            if (s < filled) {
                return take(c, s);
            }
        }
        fetch(s);
        synchronized (this) {
            return take(c, s);
        }
    }

    /** Reads block {@code s} from the source into its free slot, outside the lock. */
    private void fetch(long s) throws IOException {
        int k = slot(s);
        IOException fault = null;
        boolean end = false;
        try {
            Chunk in = source.next();
            if (in == null) {
                end = true;
            } else {
                if (ring[k] == null || ring[k].data.length < in.length) {
                    ring[k] = new Chunk(in.data.length);
                }
                System.arraycopy(in.data, 0, ring[k].data, 0, in.length);
                ring[k].length = in.length;
            }
        } catch (IOException e) {
            fault = e;
        } catch (RuntimeException | Error e) {
            // the block is lost to every consumer, so the stream ends here for all of them; an
            // OutOfMemoryError stays the cause, which the engine reports as running out of memory
            fault = new ContainerException(Problem.IO_ERROR, "internal error while reading: " + e, e);
        }
        synchronized (this) {
            fetching = false;
            if (end) {
                endAt = s;
            } else {
                failure[k] = fault;
                pending[k] = openCount;
                filled = s + 1;
                if (fault != null) {
                    endAt = s + 1;
                }
            }
            notifyAll();
        }
    }

    /** Hands block {@code s} to consumer {@code c} (lock held); throws its fault instead if it has one. */
    private Chunk take(int c, long s) throws IOException {
        if (s >= endAt && failure[slot(s)] == null) {
            return null;
        }
        position[c] = s + 1;
        IOException fault = failure[slot(s)];
        if (fault != null) {
            throw fault; // the stream ends here: the slot is never reused
        }
        return ring[slot(s)];
    }

    /** Lets go of the block consumer {@code c} read last, if any (lock held). */
    private void releaseHeld(int c) {
        long held = position[c] - 1;
        if (held >= 0 && held < filled && held >= filled - ring.length) {
            int k = slot(held);
            if (pending[k] > 0) {
                pending[k]--;
                if (pending[k] == 0) {
                    notifyAll();
                }
            }
        }
    }

    private synchronized void close(int c) throws IOException {
        if (!open[c]) {
            return;
        }
        open[c] = false;
        openCount--;
        // blocks fetched that it has not released: held (position - 1) and not yet read
        for (long s = Math.max(position[c] - 1, filled - ring.length); s < filled; s++) {
            if (s >= 0 && pending[slot(s)] > 0) {
                pending[slot(s)]--;
            }
        }
        position[c] = Long.MAX_VALUE / 2;
        notifyAll();
        if (openCount == 0) {
            source.close();
        }
    }

    private int slot(long s) {
        return (int) (s % ring.length);
    }

    private void waitHere() throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for log data");
        }
    }

    /** One reader's view. */
    private final class Consumer implements ChunkSource {
        private final int id;

        Consumer(int id) {
            this.id = id;
        }

        @Override
        public Chunk next() throws IOException {
            return SharedChunks.this.next(id);
        }

        @Override
        public void release(Chunk chunk) {
            // released on the next call of next() or on close: the slot is shared
        }

        @Override
        public long inputPosition() {
            return source.inputPosition();
        }

        @Override
        public Container container() {
            return source.container();
        }

        @Override
        public void close() throws IOException {
            SharedChunks.this.close(id);
        }
    }
}
