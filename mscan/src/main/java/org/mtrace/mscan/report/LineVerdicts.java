package org.mtrace.mscan.report;

import org.mtrace.mscan.lines.LineCore;

/**
 * Each line's true-or-false-sharing verdict, worked out from its bytes once, when first asked
 * (docs/report.md, "verdict"): true sharing when one CPU stored to bytes another touched
 * ({@link LineCore#sharedBytes}), false sharing when the CPUs touched disjoint bytes only.
 */
final class LineVerdicts {
    static final byte TRUE_SHARING = 1;
    static final byte FALSE_SHARING = 2;
    static final byte NOT_SHARED = 3;

    private final LineCore core;
    /** Per line id: 0 not yet known, else one of the constants above. */
    private final byte[] verdicts;
    /** Per line id, once its verdict is known: its truly shared bytes. */
    private final long[] sharedBytes;

    LineVerdicts(LineCore core) {
        this.core = core;
        this.verdicts = new byte[core.lines()];
        this.sharedBytes = new long[core.lines()];
    }

    /** The line's verdict: {@link #TRUE_SHARING}, {@link #FALSE_SHARING} or {@link #NOT_SHARED}. */
    byte of(int line) {
        byte v = verdicts[line];
        if (v == 0) {
            if (core.shared(line)) {
                sharedBytes[line] = core.sharedBytes(line);
                v = sharedBytes[line] != 0 ? TRUE_SHARING : FALSE_SHARING;
            } else {
                v = NOT_SHARED;
            }
            verdicts[line] = v;
        }
        return v;
    }

    /** Whether the bytes {@code [offset, offset + size)} of the line are among its truly shared ones. */
    boolean bytesShared(int line, int offset, int size) {
        of(line);
        return (sharedBytes[line] & core.lineSize().byteMask(offset, size)) != 0; // the mask stops at the line's end
    }

    /** The verdict of a key's own bytes on its line: the line's when not shared, else by the bytes. */
    byte ofBytes(int line, int offset, int size) {
        return of(line) == NOT_SHARED ? NOT_SHARED : bytesShared(line, offset, size) ? TRUE_SHARING : FALSE_SHARING;
    }
}
