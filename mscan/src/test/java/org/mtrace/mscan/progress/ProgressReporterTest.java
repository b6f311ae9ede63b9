package org.mtrace.mscan.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void lineShowsEntriesMegabytesRateAndEta() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.US);
        try {
            ProgressReporter p = new ProgressReporter(new PrintStream(new ByteArrayOutputStream()), 1000);
            // 2,000,000 entries and 108 MB in 4 s; 250 of 1000 file bytes read: 25 %, 12 s to go
            assertEquals("2,000,000 entries, 108 MB, 500,000 entries/s, 25%, ETA 0:12",
                    p.line(2_000_000, 108_000_000, 250, 4_000_000_000L));
            // unknown size (pipe): no ETA
            ProgressReporter q = new ProgressReporter(new PrintStream(new ByteArrayOutputStream()), -1);
            assertEquals("10 entries, 0 MB, 10 entries/s", q.line(10, 10, 5, 1_000_000_000L));
        } finally {
            Locale.setDefault(saved);
        }
    }
}
