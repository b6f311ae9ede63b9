package org.mtrace.mscan.report;

import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The report's second thread: applies the chunks of accesses the pass fills
 * ({@link PendingTransfers}) to the {@link TransferCounter}, in the order they were filled, while
 * the pass reads on. The pass's thread keeps the trace state (labels, system calls) in its CPU's
 * caches, this one the line core's tables of millions of entries (the model, the (line, CPU)
 * counters, the keys) in its own: on a real recording counting took more time than everything
 * else the pass does, and the two overlap on two cores.
 *
 * <p>The counter belongs to this thread from {@link #submit} until {@link #drain} returns; the
 * queues order every write of one thread before the other's reads. A fault met here (an
 * {@link org.mtrace.mscan.engine.AnalysisException} naming its entry, a bug, running out of memory)
 * drops the rest of that chunk and every later one, and is thrown once, by the next
 * {@code submit} or {@code drain}: the pass learns of it within the chunks in flight.
 *
 * <p>With one processor there is no second thread: {@code submit} applies the chunk itself.
 */
final class ApplyingThread {
    /** Chunks in flight: one being filled, one being applied, one waiting between them. */
    private static final int CHUNKS = 3;
    private static final PendingTransfers STOP = new PendingTransfers(0);

    private final TransferCounter counter;
    private final BlockingQueue<PendingTransfers> toApply = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<PendingTransfers> applied = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final ArrayDeque<PendingTransfers> idle = new ArrayDeque<>();
    /** Chunks submitted and not yet taken back. */
    private int outstanding;
    private Thread thread;
    /** Written by the applying thread before it hands back the chunk it failed in. */
    private volatile Throwable fault;
    private boolean faultThrown;
    /** What the read-ahead read (see {@link TransferCounter#apply}). */
    private long touched;
    /** Of the chunks taken back since the last {@link #mostlyStill}: accesses, and how many moved a line. */
    private long appliedAccesses;
    private long movedAccesses;

    private final boolean threaded;

    /** {@code threaded}: whether chunks are applied on a thread of their own, or by {@link #submit}. */
    ApplyingThread(TransferCounter counter, int chunkCapacity, boolean threaded) {
        this.counter = counter;
        this.threaded = threaded;
        for (int i = 0; i < CHUNKS; i++) {
            idle.add(new PendingTransfers(chunkCapacity));
        }
    }

    /** An empty chunk to fill (the first one, or after {@link #submit}). */
    PendingTransfers empty() throws InterruptedException {
        if (idle.isEmpty()) {
            takeBack();
        }
        return idle.poll();
    }

    /** Hands a filled chunk to the applying thread and returns an empty one, throwing a fault met meanwhile. */
    PendingTransfers submit(PendingTransfers chunk) throws InterruptedException {
        if (chunk.size() > 0 && !threaded) {
            try {
                touched += counter.apply(chunk);
            } finally {
                taken(chunk);
            }
            return chunk;
        }
        if (chunk.size() > 0) {
            if (thread == null) {
                thread = new Thread(this::run, "report-apply");
                thread.setDaemon(true); // never keeps the JVM up, should the pass be abandoned
                thread.start();
            }
            outstanding++;
            toApply.put(chunk);
        } else {
            idle.add(chunk);
        }
        PendingTransfers next = empty();
        throwFault();
        return next;
    }

    /**
     * Waits until every submitted chunk is applied: the counter is then the calling thread's.
     * Throws a fault met meanwhile.
     */
    void drain() throws InterruptedException {
        while (outstanding > 0) {
            takeBack();
        }
        throwFault();
    }

    /** Stops the thread (after {@link #drain}, or to abandon the chunks in flight). */
    void stop() throws InterruptedException {
        if (thread != null) {
            toApply.put(STOP);
            thread.join();
            thread = null;
        }
    }

    /** Whether, of the accesses applied since the last call, fewer than half moved a line. */
    boolean mostlyStill() {
        boolean still = appliedAccesses > 0 && 2 * movedAccesses < appliedAccesses;
        appliedAccesses = 0;
        movedAccesses = 0;
        return still;
    }

    private void takeBack() throws InterruptedException {
        PendingTransfers c = applied.take();
        outstanding--;
        taken(c);
        idle.add(c);
    }

    /** A chunk is back, applied: counts how worthwhile it was, and empties it. */
    private void taken(PendingTransfers c) {
        appliedAccesses += c.size();
        movedAccesses += c.moved;
        c.clear();
    }

    private void throwFault() {
        if (fault == null || faultThrown) {
            return;
        }
        faultThrown = true;
        if (fault instanceof RuntimeException r) {
            throw r;
        }
        if (fault instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(fault);
    }

    private void run() {
        try {
            for (PendingTransfers c = toApply.take(); c != STOP; c = toApply.take()) {
                if (fault == null) {
                    try {
                        touched += counter.apply(c);
                    } catch (Throwable t) { // handed to the pass's thread, which reports it
                        fault = t;
                    }
                }
                applied.put(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
