package org.mtrace.format.io;

/**
 * A unit of work queued in stream order before it is done: the consumer
 * waits on {@link #awaitReady()}, whoever does the work calls
 * {@link #markReady()}. Work that may be done by a worker or by the consumer
 * itself (whoever comes first) is announced with {@link #markQueued()} and
 * claimed with {@link #tryStart()}. Reused, so {@link #clearReady()} resets
 * it; a claim from a stale queue entry of an earlier use then fails until
 * the unit is queued again (and if it is, the work it finds is complete).
 */
abstract class Pending {
    private boolean ready;
    private boolean queued;
    private boolean started;

    /** The work is fully described and may be started. */
    final synchronized void markQueued() {
        queued = true;
    }

    /** Claims queued work; true for exactly one caller per use. */
    final synchronized boolean tryStart() {
        if (!queued || started) {
            return false;
        }
        started = true;
        return true;
    }

    final synchronized void markReady() {
        ready = true;
        notifyAll();
    }

    final synchronized void awaitReady() throws InterruptedException {
        while (!ready) {
            wait();
        }
    }

    /**
     * Records that the work failed through a bug or an exhausted VM rather than bad input (the worker threw), so
     * the consumer gets one clear error instead of waiting for ever; {@link WorkerPool} then
     * marks the unit ready.
     */
    abstract void failInternally(Throwable bug);

    final synchronized void clearReady() {
        ready = false;
        queued = false;
        started = false;
    }
}
