package org.mtrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What the deflate level costs on log data: compresses the start of a raw
 * log in BGZF-sized members at several levels on one thread, inflates the
 * result again, and reports CPU throughput and ratio (CPU time, so other
 * load on the machine does not distort it much).
 */
final class DeflateLevels {
    private static final int MEMBER = 0xff00;
    private static final int[] LEVELS = {1, 3, 6, 9};

    private DeflateLevels() {
    }

    static void print(Path rawLog, int maxBytes, PrintStream out) throws IOException {
        byte[] data;
        try (InputStream in = Files.newInputStream(rawLog)) {
            data = in.readNBytes(maxBytes);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        out.printf(Locale.ROOT, "deflate levels on the first %.0f MB of %s (one thread, %d-byte members, CPU time):%n",
                data.length / 1e6, rawLog.getFileName(), MEMBER);
        for (int level : LEVELS) {
            Deflater deflater = new Deflater(level, true);
            List<byte[]> members = new ArrayList<>();
            byte[] buf = new byte[MEMBER + 1024];
            long compressed = 0;
            long c0 = cpu.getCurrentThreadCpuTime();
            for (int off = 0; off < data.length; off += MEMBER) {
                deflater.reset();
                deflater.setInput(data, off, Math.min(MEMBER, data.length - off));
                deflater.finish();
                int n = 0;
                while (!deflater.finished()) {
                    n += deflater.deflate(buf, n, buf.length - n);
                }
                members.add(java.util.Arrays.copyOf(buf, n));
                compressed += n;
            }
            long c1 = cpu.getCurrentThreadCpuTime();
            deflater.end();
            Inflater inflater = new Inflater(true);
            byte[] dst = new byte[MEMBER];
            try {
                for (byte[] m : members) {
                    inflater.reset();
                    inflater.setInput(m);
                    while (!inflater.finished()) {
                        inflater.inflate(dst);
                    }
                }
            } catch (DataFormatException e) {
                throw new IOException("inflating our own deflate output failed", e);
            } finally {
                inflater.end();
            }
            long c2 = cpu.getCurrentThreadCpuTime();
            out.printf(Locale.ROOT, "  level %d: deflate %6.1f MB/cpu-s, inflate %6.1f MB/cpu-s, ratio %.2f%n", level,
                    data.length / ((c1 - c0) / 1e9) / 1e6, data.length / ((c2 - c1) / 1e9) / 1e6,
                    (double) data.length / compressed);
        }
        out.println();
    }
}
