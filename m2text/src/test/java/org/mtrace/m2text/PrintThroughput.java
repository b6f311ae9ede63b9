package org.mtrace.m2text;

import com.sun.management.OperatingSystemMXBean;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.print.EntryPrinter;

/**
 * In-process throughput of a printer without JVM start-up: reads LOG REPS
 * times, printing every entry into a null stream, and reports wall time and
 * process CPU time per pass (CPU time is the steadier figure on a shared
 * machine). Usage: {@code PrintThroughput LOG text|original|json|m2json|none REPS}.
 */
public final class PrintThroughput {
    private PrintThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        String format = args[1];
        int reps = Integer.parseInt(args[2]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 0; rep < reps; rep++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long n = 0;
            try (LogReader r = LogReader.open(log)) {
                EntryPrinter p = printer(format);
                while (r.next()) {
                    n++;
                    if (p != null) {
                        p.print(r.entry());
                    }
                }
                if (p != null) {
                    p.finish();
                    p.flush();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "%s pass %d: %d entries, %.2f s wall (%.2f M/s), %.2f s CPU (%.2f M per CPU-s)%n",
                    format, rep + 1, n, wall, n / wall / 1e6, cpu, n / cpu / 1e6);
        }
    }

    private static EntryPrinter printer(String format) {
        OutputStream out = OutputStream.nullOutputStream();
        return switch (format) {
            case "text" -> EntryPrinter.text(out);
            case "original" -> EntryPrinter.originalText(out);
            case "json" -> EntryPrinter.jsonLines(out);
            case "m2json" -> EntryPrinter.originalJson(out);
            case "none" -> null;
            default -> throw new IllegalArgumentException("format: text|original|json|m2json|none");
        };
    }
}
