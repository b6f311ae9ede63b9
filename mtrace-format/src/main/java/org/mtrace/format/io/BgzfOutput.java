package org.mtrace.format.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Writes BGZF members for a {@link LogWriter}. Small logs are compressed on
 * the caller's thread; once a log has grown past {@link #PARALLEL_AFTER}
 * members, members are compressed in batches by a pool of deflate threads
 * and written strictly in order, with a bounded number of batches in flight.
 */
final class BgzfOutput {
    /** Members written sequentially before worker threads are started. */
    static final int PARALLEL_AFTER = 32;

    private final OutputStream out;
    private final int level;
    private final int threads;
    private final BgzfMemberEncoder encoder;
    private final byte[] member = new byte[BgzfMemberEncoder.MAX_MEMBER];
    private long membersWritten;

    private WorkerPool<DeflateBatch> pool;
    private final ArrayDeque<DeflateBatch> inFlight = new ArrayDeque<>();
    private final ArrayDeque<DeflateBatch> free = new ArrayDeque<>();
    private DeflateBatch filling;

    BgzfOutput(OutputStream out, int level, int threads) {
        this.out = out;
        this.level = level;
        this.threads = threads;
        this.encoder = new BgzfMemberEncoder(level);
    }

    /** Compresses {@code data[0, len)} as the next member. */
    void writeMember(byte[] data, int len) throws IOException {
        if (pool == null && threads > 1 && membersWritten >= PARALLEL_AFTER) {
            startWorkers();
        }
        membersWritten++;
        if (pool == null) {
            out.write(member, 0, encoder.encode(data, 0, len, member, 0));
            return;
        }
        if (filling == null) {
            filling = claim();
        }
        filling.add(data, len);
        if (filling.full()) {
            submitFilling();
        }
    }

    private void startWorkers() {
        int l = level;
        pool = new WorkerPool<>(threads, "mtrace deflate", () -> new WorkerPool.Worker<DeflateBatch>() {
            private final BgzfMemberEncoder enc = new BgzfMemberEncoder(l);

            @Override
            public void process(DeflateBatch b) {
                b.encode(enc); // a throw is recorded in b by the pool
                b.markReady();
            }

            @Override
            public void end() {
                enc.end();
            }
        });
        // Each worker has one batch queued behind the one it compresses, plus the one being filled.
        for (int i = 0; i < 2 * threads + 1; i++) {
            free.add(new DeflateBatch());
        }
    }

    private DeflateBatch claim() throws IOException {
        if (free.isEmpty()) {
            writeOldest();
        }
        DeflateBatch b = free.poll();
        b.reset();
        return b;
    }

    private void submitFilling() {
        inFlight.add(filling);
        pool.submit(filling);
        filling = null;
    }

    /** Waits for the oldest batch in flight and writes it. */
    private void writeOldest() throws IOException {
        DeflateBatch b = inFlight.poll();
        try {
            b.awaitReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
        if (b.failure != null) {
            throw new IOException("BGZF compression failed: " + b.failure, b.failure);
        }
        out.write(b.encoded, 0, b.encodedLength);
        free.add(b);
    }

    /** Writes every member handed in so far. */
    void drain() throws IOException {
        if (filling != null && filling.members > 0) {
            submitFilling();
        }
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
    }

    /** Writes the pending members and the end-of-file member. */
    void finish() throws IOException {
        drain();
        out.write(BgzfMemberEncoder.EOF_MEMBER);
    }

    /** Stops the workers and frees the compressors. */
    void end() {
        if (pool != null) {
            pool.shutdown();
        }
        encoder.end();
    }
}
