package org.mtrace.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command with stdout discarded (like {@code CMD > /dev/null}) and
 * times it by wall clock, sampling the child's peak resident set from
 * {@code /proc} while it runs.
 */
final class ChildRun {
    private static final long SAMPLE_MILLIS = 50;

    record Result(int exitCode, double seconds, long peakRss) {
    }

    private ChildRun() {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(Redirect.DISCARD).redirectError(Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peak = -1;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(SAMPLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(p.exitValue(), seconds, peak);
    }

    /** VmHWM (peak resident set) in bytes, or -1 if the process is gone. */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // exited between polls
        }
        return -1;
    }
}
