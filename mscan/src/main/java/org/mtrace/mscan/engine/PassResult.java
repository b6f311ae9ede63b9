package org.mtrace.mscan.engine;

import java.util.List;
import org.mtrace.format.io.LogFormatException;

/**
 * Outcome of one pass: entries read, the log fault that ended it early (if any), a tracker
 * fault (if any), and the analyses that failed. {@link #ok()} = nothing went wrong.
 *
 * @param failures one message per failed analysis, {@code "<analysis>: <message>"}
 */
public record PassResult(long entries, LogFormatException logFault, String traceFault, List<String> failures) {

    public boolean ok() {
        return logFault == null && traceFault == null && failures.isEmpty();
    }
}
