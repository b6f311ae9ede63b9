package org.mtrace.format.io;

/**
 * A unit of work queued in stream order before a worker has finished it:
 * the consumer waits on {@link #awaitReady()}, the worker calls
 * {@link #markReady()}. Reused, so the flag can be cleared.
 */
abstract class Pending {
    private boolean ready;

    final synchronized void markReady() {
        ready = true;
        notifyAll();
    }

    final synchronized void awaitReady() throws InterruptedException {
        while (!ready) {
            wait();
        }
    }

    final synchronized void clearReady() {
        ready = false;
    }
}
