package org.mtrace.synth.recorder;

import java.util.Locale;
import org.mtrace.format.RecordMode;

/**
 * What the simulated emulator records: one of the three record modes, or
 * movement mode with the cache-line filter switched off ({@code -mtrace-all}).
 */
public enum TraceMode {
    /** Record mode 1 with the cache-line movement filter: only traffic is logged. */
    MOVEMENT(RecordMode.MOVEMENT, true),
    /** Record mode 2: only accesses inside an abstract scope are logged, all with traffic=1. */
    ASCOPE(RecordMode.ASCOPE, false),
    /** Record mode 3: every kernel-mode access is logged with traffic=1. */
    KERNELSCOPE(RecordMode.KERNELSCOPE, false),
    /** Record mode 1 with {@code -mtrace-all}: every access is logged with traffic=1. */
    ALL(RecordMode.MOVEMENT, false);

    private final RecordMode recordMode;
    private final boolean filtered;

    TraceMode(RecordMode recordMode, boolean filtered) {
        this.recordMode = recordMode;
        this.filtered = filtered;
    }

    /** The record mode the enabling host entry sets. */
    public RecordMode recordMode() {
        return recordMode;
    }

    /** Whether the cache-line movement filter decides which accesses are logged. */
    public boolean filtered() {
        return filtered;
    }

    /** Command-line spelling. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line spelling (case-insensitive). */
    public static TraceMode parse(String text) {
        for (TraceMode m : values()) {
            if (m.spelling().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected movement, ascope, kernelscope or all)");
    }
}
