package org.mtrace.mscan.engine;

import org.mtrace.format.io.LogReader;

/** Receives progress of a pass about every million entries (never per entry). */
public interface ProgressListener {
    void progress(LogReader reader);

    void done(LogReader reader);

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void progress(LogReader reader) {
        }

        @Override
        public void done(LogReader reader) {
        }
    };
}
