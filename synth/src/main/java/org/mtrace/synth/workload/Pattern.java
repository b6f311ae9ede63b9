package org.mtrace.synth.workload;

/**
 * One named access pattern: a kind of system call whose memory accesses
 * produce a particular kind of cache-line sharing. A pattern labels the
 * objects it needs when it is constructed (at boot).
 */
interface Pattern {
    /**
     * Runs the body of one system call on {@code op}'s CPU: calls
     * {@link Operation#begin} first and leaves the call open; the workload
     * decides how it ends (return, interrupt, blocking).
     */
    void run(Operation op);
}
