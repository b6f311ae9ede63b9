package org.mtrace.mscan.util;

/** Waiting for the helper threads of a pass or a report. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits until {@code t} has ended, even if this thread is interrupted meanwhile (the helper's
     * results are needed); the interrupt is then set again for the caller to see.
     */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
