package org.mtrace.format.io;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Daemon threads that process submitted items in submission order, each
 * thread with its own {@link Worker} (so an Inflater or Deflater is never
 * shared). Results are handed over by the items themselves ({@link Pending}).
 */
final class WorkerPool<T extends Pending> {

    /** Per-thread processing state. */
    interface Worker<T> {
        /**
         * Processes one item and marks it ready. Failures of the work are recorded in the item;
         * if this throws anyway, the pool records the bug in the item and marks it ready, so no
         * consumer hangs and no stack trace is printed by a background thread.
         */
        void process(T item);

        /** Frees native resources when the pool shuts down. */
        void end();
    }

    private final LinkedBlockingQueue<T> work = new LinkedBlockingQueue<>();
    private final Thread[] threads;

    WorkerPool(int count, String name, Supplier<? extends Worker<T>> workers) {
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            Worker<T> w = workers.get();
            threads[i] = new Thread(() -> loop(w), name + " " + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    int size() {
        return threads.length;
    }

    void submit(T item) {
        work.add(item);
    }

    private void loop(Worker<T> w) {
        try {
            while (true) {
                T item = work.take();
                try {
                    w.process(item);
                } catch (RuntimeException | Error bug) {
                    item.failInternally(bug);
                    item.markReady();
                }
            }
        } catch (InterruptedException e) {
            // shut down
        } finally {
            w.end();
        }
    }

    void shutdown() {
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
