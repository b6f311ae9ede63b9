package org.mtrace.mscan.report;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mtrace.format.io.LogReader;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.lines.LineSize;

/**
 * The report's work for a benchmark ({@code mtrace-bench mscan --cases=report}): what
 * {@code bin/mscan report LOG} does with the default options, the pass, the report built after it,
 * the text and the JSON document rendered (their sizes kept, their characters dropped).
 *
 * @param entries   entries the pass read
 * @param textChars size of the text report
 * @param jsonChars size of the JSON document
 * @param failures  what went wrong (empty: the whole log was reported)
 */
public record ReportRun(long entries, long textChars, long jsonChars, List<String> failures) {

    /**
     * Reports {@code reader} ({@code logName} in messages) with {@code image} (none:
     * {@code FixedKernelInfo.none()}) read from {@code kernelName} (null: none), as the command
     * names them in its header.
     */
    public static ReportRun of(LogReader reader, KernelInfo image, String logName, String kernelName) {
        ReportCommand.Outcome o = ReportCommand.analyse(reader, image, logName, kernelName, LineSize.DEFAULT,
                Filters.defaults(), ProgressListener.NONE);
        PassResult p = o.result();
        List<String> failures = p.messages();
        if (o.lastBatchFault() != null) {
            failures.add(o.lastBatchFault());
        }
        if (o.report() == null) {
            failures.add(o.failure());
            return new ReportRun(p.entries(), 0, 0, failures);
        }
        CountingStream text = new CountingStream();
        ReportText.print(o.report(), new PrintStream(text, false, StandardCharsets.UTF_8));
        return new ReportRun(p.entries(), text.bytes, ReportJson.render(o.report()).length(), failures);
    }

    /** Drops what is written to it, counting the bytes. */
    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
