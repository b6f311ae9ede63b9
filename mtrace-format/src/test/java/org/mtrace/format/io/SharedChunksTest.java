package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Several readers of one stream: every consumer gets every byte, in order, and a fault at the same place. */
class SharedChunksTest {
    /**
     * A source that lends one block at a time and overwrites it on the next call, as
     * {@link PipelinedSource} recycles its current block: a consumer that kept the lent block
     * instead of a copy would see the next block's bytes.
     */
    private static final class LendingSource implements ChunkSource {
        private final byte[] stream;
        private final Random sizes;
        private final boolean failAtEnd;
        /** Thrown instead of the block after {@code errorAfter} bytes (an Error the consumers did not cause). */
        Error error;
        int errorAfter = Integer.MAX_VALUE;
        private final Chunk lent = new Chunk(4096);
        private int pos;
        boolean closed;

        LendingSource(byte[] stream, long seed, boolean failAtEnd) {
            this.stream = stream;
            this.sizes = new Random(seed);
            this.failAtEnd = failAtEnd;
        }

        @Override
        public Chunk next() throws IOException {
            if (pos == stream.length) {
                if (failAtEnd) {
                    throw new ContainerException(Problem.TRUNCATED_ENTRY, "cut short");
                }
                return null;
            }
            if (pos >= errorAfter) {
                throw error;
            }
            int n = Math.min(1 + sizes.nextInt(4096), stream.length - pos);
            System.arraycopy(stream, pos, lent.data, 0, n);
            lent.length = n;
            pos += n;
            return lent;
        }

        @Override
        public void release(Chunk chunk) {
        }

        @Override
        public long inputPosition() {
            return pos;
        }

        @Override
        public Container container() {
            return Container.RAW;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] randomStream(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads a consumer to its end (or its fault, which is stored), pausing now and then to drift. */
    private static byte[] drain(ChunkSource c, long seed, AtomicReference<IOException> fault) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random pause = new Random(seed);
        try {
            for (Chunk k; (k = c.next()) != null; ) {
                out.write(k.data, 0, k.length);
                c.release(k);
                if (pause.nextInt(50) == 0) {
                    Thread.sleep(1);
                }
            }
        } catch (IOException e) {
            fault.set(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toByteArray();
    }

    @Test
    void twoThreadsEachReadTheWholeStream() throws Exception {
        for (int seed = 1; seed <= 20; seed++) {
            byte[] stream = randomStream(200_000 + seed * 997, seed);
            LendingSource source = new LendingSource(stream, seed, false);
            SharedChunks shared = new SharedChunks(source, 2, 3); // few slots: the readers wait for each other
            byte[][] got = new byte[2][];
            AtomicReference<IOException> fault = new AtomicReference<>();
            long s = seed;
            Thread other = new Thread(() -> got[1] = drain(shared.consumer(1), s * 31, fault));
            other.start();
            got[0] = drain(shared.consumer(0), s * 17, fault);
            other.join();
            assertArrayEquals(stream, got[0], "seed " + seed);
            assertArrayEquals(stream, got[1], "seed " + seed);
            assertNull(fault.get());
        }
    }

    @Test
    void aFaultReachesEveryConsumerAfterAllBytesBeforeIt() throws Exception {
        byte[] stream = randomStream(50_000, 5);
        SharedChunks shared = new SharedChunks(new LendingSource(stream, 5, true), 2, 2);
        AtomicReference<IOException> f0 = new AtomicReference<>();
        AtomicReference<IOException> f1 = new AtomicReference<>();
        byte[][] got = new byte[2][];
        Thread other = new Thread(() -> got[1] = drain(shared.consumer(1), 3, f1));
        other.start();
        got[0] = drain(shared.consumer(0), 4, f0);
        other.join();
        assertArrayEquals(stream, got[0]);
        assertArrayEquals(stream, got[1]);
        assertEquals("cut short", f0.get().getMessage());
        assertEquals("cut short", f1.get().getMessage());
    }

    @Test
    void aClosedConsumerHoldsNothingBack() throws Exception {
        byte[] stream = randomStream(300_000, 9);
        LendingSource source = new LendingSource(stream, 9, false);
        SharedChunks shared = new SharedChunks(source, 2, 2);
        ChunkSource quitter = shared.consumer(1);
        assertTrue(quitter.next() != null); // holds a block, then stops reading
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(20);
                quitter.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        AtomicReference<IOException> fault = new AtomicReference<>();
        byte[] got = drain(shared.consumer(0), 1, fault); // waits for the quitter's slots until it closes
        closer.join();
        assertArrayEquals(stream, got);
        assertNull(fault.get());
        assertTrue(!source.closed, "the source stays open while a consumer is");
        shared.consumer(0).close();
        assertTrue(source.closed, "closed with its last consumer");
    }

    /**
     * An Error while fetching (the heap running out while the ahead reader copies a block) ends
     * the stream for both readers with the Error as the cause, instead of leaving the other
     * waiting for a block that will never come.
     */
    @Test
    void anErrorWhileFetchingEndsTheStreamForBoth() throws Exception {
        byte[] stream = randomStream(100_000, 11);
        LendingSource source = new LendingSource(stream, 11, false);
        source.error = new OutOfMemoryError("simulated");
        source.errorAfter = 40_000;
        SharedChunks shared = new SharedChunks(source, 2, 2);
        AtomicReference<IOException> f0 = new AtomicReference<>();
        AtomicReference<IOException> f1 = new AtomicReference<>();
        byte[][] got = new byte[2][];
        Thread other = new Thread(() -> got[1] = drain(shared.consumer(1), 6, f1));
        other.start();
        got[0] = drain(shared.consumer(0), 7, f0);
        other.join(10_000);
        assertTrue(!other.isAlive(), "the other reader is not left waiting");
        assertArrayEquals(got[0], got[1]);
        assertTrue(got[0].length >= 40_000 && got[0].length < stream.length, "the bytes before the Error: " + got[0].length);
        assertTrue(f0.get().getCause() instanceof OutOfMemoryError, String.valueOf(f0.get()));
        assertTrue(f1.get().getCause() instanceof OutOfMemoryError, String.valueOf(f1.get()));
    }
}
