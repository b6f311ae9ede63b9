package org.mtrace.mscan.lines;

import org.mtrace.format.RecordMode;

/**
 * Whether a log's movement-mode accesses are evidently every access (a full trace, recorded with
 * {@code mtrace-record --all}), not only those the recorder's movement filter kept: the log does
 * not say so (FORMAT.md 6.1). The recorder's own filter (64-byte lines, {@link TransferModel}) is
 * run over the first {@value #WINDOW} movement-mode accesses: in a filtered log every one moves a
 * line (the filter replayed keeps what it kept), in a full trace most do not (caches hit). A
 * sampled log ({@code --sample=N}) is never taken for one: its model misses the accesses left out.
 *
 * <p>Why a window and not the whole log: the answer is plain after a few thousand accesses, and
 * the model's table would grow with the log in every pass, whatever its analyses (a 46 MiB heap
 * ran out with a window of 262,144 accesses); it is let go once the window is full. Why the
 * recorder's 64-byte lines and not the report's {@code --line-size}: over other lines the filter
 * replayed is not the recorder's, and a filtered log's accesses would not all move one.
 */
public final class FullTraceEvidence {
    /** Movement-mode accesses run through the filter. */
    static final int WINDOW = 1 << 14;
    /** The recorder's line (FORMAT.md 6.3). */
    private static final int RECORDER_LINE = 64;

    private TransferModel model = new TransferModel(RECORDER_LINE); // null once the window is full
    private long seen;
    private long still;

    /** Whether {@link #access} still wants accesses. */
    public boolean open() {
        return model != null;
    }

    /** A host entry switched recording from {@code previous} to {@code mode}: entering movement mode resets the filter. */
    public void mode(long previous, long mode) {
        if (model != null && mode == RecordMode.MOVEMENT.code() && previous != mode) {
            model.reset();
        }
    }

    /** An access recorded in {@code mode} (only movement-mode ones count). */
    public void access(long mode, long hostAddr, int bytes, int cpu, boolean store) {
        if (model == null || mode != RecordMode.MOVEMENT.code() || cpu >= TransferModel.MAX_CPUS) {
            return;
        }
        if (!model.access(hostAddr, bytes, cpu, store)) {
            still++;
        }
        if (++seen == WINDOW) {
            model = null;
        }
    }

    /**
     * Whether more than half of the movement-mode accesses seen moved no line, in a log whose
     * recorder kept 1 in {@code sample} accesses (0 or 1: every one; a sampled log is never one).
     */
    public boolean everyAccess(long sample) {
        return sample <= 1 && seen > 0 && 2 * still > seen;
    }
}
