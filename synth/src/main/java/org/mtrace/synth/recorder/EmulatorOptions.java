package org.mtrace.synth.recorder;

/**
 * The simulated emulator's recording switches (FORMAT.md §6.1): the mode
 * (record mode plus {@code -mtrace-all}), {@code -mtrace-locked} and
 * {@code -mtrace-sample}.
 *
 * @param mode   what is recorded
 * @param locked log every access of a LOCK-prefixed instruction, with the lock flag
 * @param sample keep one of every {@code sample} access entries that pass the filter (1 = all)
 */
public record EmulatorOptions(TraceMode mode, boolean locked, int sample) {
    public EmulatorOptions {
        if (sample < 1) {
            throw new IllegalArgumentException("--sample must be at least 1, got " + sample);
        }
    }

    /** {@code mode} without lock tracing or sampling. */
    public static EmulatorOptions of(TraceMode mode) {
        return new EmulatorOptions(mode, false, 1);
    }
}
