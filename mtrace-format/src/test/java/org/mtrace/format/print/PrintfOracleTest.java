package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AppdataRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.CallRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.format.record.SchedRecord;
import org.mtrace.format.record.SegmentRecord;
import org.mtrace.format.record.TaskRecord;

/**
 * Random entries of every kind, with values anywhere in their ranges (also
 * outside the enumerations), printed by the printers and by an independent
 * oracle: a Python script that decodes the log with {@code struct} and renders
 * the C printf formats of M2TEXT.md with Python's {@code %} operator, and that
 * checks JSON lines with Python's {@code json} module. Skipped without python3.
 */
class PrintfOracleTest {
    @TempDir
    static Path dir;
    static Path log;
    static Path oracle;

    @BeforeAll
    static void writeRandomLog() throws IOException {
        SplittableRandom r = new SplittableRandom(20261123);
        EntryRecord[] records = new EntryRecord[8000];
        for (int i = 0; i < records.length; i++) {
            records[i] = randomEntry(r);
        }
        log = dir.resolve("random.log");
        Files.write(log, Printed.log(records));
        oracle = dir.resolve("printf_oracle.py");
        try (InputStream in = PrintfOracleTest.class.getResourceAsStream("printf_oracle.py")) {
            Files.copy(in, oracle);
        }
    }

    static EntryRecord randomEntry(SplittableRandom r) {
        Header h = new Header(r.nextInt(3) == 0 ? r.nextInt(65536) : r.nextInt(8), anyU64(r), anyU64(r));
        String s = printable(r);
        return switch (r.nextInt(15)) {
            case 0 -> new LabelRecord(h, anyU64(r), r.nextInt(6), s, anyU64(r), anyU64(r), anyU64(r));
            case 1 -> new AccessRecord(h, r.nextInt(5), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), anyU64(r),
                    anyU64(r), anyU64(r), r.nextInt(256));
            case 2 -> new HostRecord(h, r.nextInt(7), anyU64(r), r.nextInt(5), s, r.nextInt(4) == 0 ? -1L : anyU64(r));
            case 3 -> new FcallRecord(h, anyU64(r), anyU64(r), anyU64(r), r.nextInt(65536), r.nextInt(7));
            case 4 -> new SegmentRecord(h, anyU64(r), anyU64(r), r.nextInt(65536), r.nextInt(6));
            case 5 -> new CallRecord(h, anyU64(r), anyU64(r), r.nextInt(3) - 1);
            case 6 -> new LockRecord(h, anyU64(r), anyU64(r), s, r.nextInt(5), r.nextInt(3));
            case 7 -> new TaskRecord(h, anyU64(r), anyU64(r), r.nextInt(5), s);
            case 8 -> new SchedRecord(h, anyU64(r));
            case 9 -> new MachineRecord(h, r.nextInt(65536), anyU64(r), anyU64(r), anyU64(r), r.nextBoolean(),
                    r.nextBoolean());
            case 10 -> new AppdataRecord(h, r.nextInt(65536), anyU64(r));
            case 11 -> new AscopeRecord(h, r.nextBoolean(), s);
            case 12 -> new AvarRecord(h, r.nextBoolean(), s);
            case 13 -> new GcRecord(h, anyU64(r), anyU64(r), s, r.nextBoolean());
            default -> new GcepochRecord(h, r.nextBoolean());
        };
    }

    /** Any u64, with small values as likely as large ones. */
    static long anyU64(SplittableRandom r) {
        return r.nextInt(4) == 0 ? r.nextLong() : r.nextLong() >>> r.nextInt(64);
    }

    /** 0..69 printable characters (longer ones are cut to the field by the writer). */
    static String printable(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(70); n > 0; n--) {
            b.append((char) (32 + r.nextInt(95)));
        }
        return b.toString();
    }

    static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "pass").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run python(String... args) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> command = new java.util.ArrayList<>(List.of("python3", oracle.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    static String print(Function<OutputStream, EntryPrinter> printer) {
        return String.join("\n", Printed.lines(printer, readLog())) + "\n";
    }

    static byte[] readLog() {
        try {
            return Files.readAllBytes(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void textDialectsMatchPrintf() throws Exception {
        assumeTrue(hasPython(), "python3 not available");
        Run original = python(log.toString(), "original");
        assertEquals(0, original.exit(), original.err());
        assertEquals(original.out(), print(EntryPrinter::originalText));
        Run corrected = python(log.toString(), "corrected");
        assertEquals(0, corrected.exit(), corrected.err());
        assertEquals(corrected.out(), print(EntryPrinter::text));
    }

    @Test
    void jsonLinesMatchPythonsJsonModule() throws Exception {
        assumeTrue(hasPython(), "python3 not available");
        Path json = dir.resolve("out.jsonl");
        Files.writeString(json, print(EntryPrinter::jsonLines), StandardCharsets.ISO_8859_1);
        Run check = python(log.toString(), "jsoncheck", json.toString());
        assertEquals(0, check.exit(), check.err());
    }
}
