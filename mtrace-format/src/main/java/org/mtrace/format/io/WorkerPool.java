package org.mtrace.format.io;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Daemon threads that process submitted items in submission order, each
 * thread with its own {@link Worker} (so an Inflater or Deflater is never
 * shared). Results are handed over by the items themselves ({@link Pending}).
 */
final class WorkerPool<T> {

    /** Per-thread processing state. */
    interface Worker<T> {
        /** Processes one item; must not throw (record failures in the item). */
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
                w.process(work.take());
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
