package org.mtrace.analyses.allsharing;

import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.Rank;
import org.mtrace.mscan.engine.RecordingWindow;
import org.mtrace.mscan.engine.Requirements;

/**
 * The record mode whose accesses all-sharing counts, and what follows from it. The original counts
 * ascope recordings only, where every access in a scope is logged; stock kernels emit no ascope
 * entries, so real recordings are movement recordings, where only accesses that move a line
 * between CPUs are logged: there the same table counts line transfers instead of accesses.
 */
enum SharingMode {
    /** The original's all-sharing (MSCAN.md §8.11). */
    ASCOPE("all-sharing", "Report all sharing between CPUs", Rank.ALL_SHARING, "shared_cachelines", RecordMode.ASCOPE,
            "for movement recordings run all-sharing-movement"),
    /** The same on movement recordings: counts are transfers of the line to the CPU (docs/analyses.md). */
    MOVEMENT("all-sharing-movement", "Sharing between CPUs in a movement recording (cache-line transfers)",
            Rank.ALL_SHARING_MOVEMENT, "shared_cachelines_movement", RecordMode.MOVEMENT,
            "for ascope recordings run all-sharing");

    final String analysisName;
    final String description;
    final int rank;
    /** Top-level JSON key. */
    final String key;
    final RecordMode mode;
    /** What to run instead when the log has no recording in {@link #mode}. */
    final String otherwise;

    /**
     * The window in which accesses count: the original's for ascope (opened by ascope, closed only
     * by disable); exactly the movement phases for movement.
     */
    RecordingWindow window() {
        return this == ASCOPE ? new RecordingWindow(mode.code()) : RecordingWindow.whileMode(mode.code());
    }

    /**
     * Recording in {@link #mode}; for movement, also a log the recorder's filter wrote: over a full
     * trace (every access logged) the counts would be of accesses, not of movements.
     */
    Requirements requirements() {
        Requirements r = Requirements.recording(mode).withHint(otherwise).andSeveralCpus();
        return this == MOVEMENT ? r.andFiltered() : r;
    }

    SharingMode(String analysisName, String description, int rank, String key, RecordMode mode, String otherwise) {
        this.analysisName = analysisName;
        this.description = description;
        this.rank = rank;
        this.key = key;
        this.mode = mode;
        this.otherwise = otherwise;
    }
}
