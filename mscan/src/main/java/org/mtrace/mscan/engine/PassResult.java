package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.io.LogFormatException;

/**
 * Outcome of one pass: entries read, the log fault that ended it early (if any), a tracker
 * fault (if any), a fault of mscan itself (if any), and the analyses that failed.
 * {@link #ok()} = nothing went wrong.
 *
 * @param logFault      the reader's: the log is damaged or unreadable from there on
 * @param traceFault    a fatal inconsistency of the log found by a tracker ({@link TraceFault})
 * @param internalFault a tracker threw what it never should (a bug of mscan, not of the log):
 *                      {@code "<position>: mscan's trackers: internal error: ..."}; the pass
 *                      stopped at that entry
 * @param failures      one message per failed analysis, {@code "<position>: <analysis>: <message>"}; an
 *                      analysis's bug (not an {@link AnalysisException}) says {@code "internal error: ...;
 *                      please report it"} and makes {@link Engine#internalError()} true
 */
public record PassResult(long entries, LogFormatException logFault, String traceFault, String internalFault,
        List<String> failures) {

    public boolean ok() {
        return logFault == null && traceFault == null && internalFault == null && failures.isEmpty();
    }

    /** Every fault's message, the log's first, then the tracker's, mscan's own and the analyses' (empty: {@link #ok()}). */
    public List<String> messages() {
        List<String> m = new ArrayList<>();
        if (logFault != null) {
            m.add(logFault.getMessage());
        }
        if (internalFault != null) {
            m.add(internalFault);
        }
        if (traceFault != null) {
            m.add(traceFault);
        }
        m.addAll(failures);
        return m;
    }

    /** Whether the pass stopped early (at a log, tracker or internal fault): only a prefix was read. */
    public boolean stoppedEarly() {
        return logFault != null || traceFault != null || internalFault != null;
    }
}
