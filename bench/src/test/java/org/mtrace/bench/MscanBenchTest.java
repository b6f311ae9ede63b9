package org.mtrace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MscanBenchTest {
    /** RFC 1952: FLG bit 2 says an extra field follows, which is where BGZF keeps each member's size. */
    private static final int FEXTRA = 4;

    @TempDir
    Path tmp;

    @Test
    void bothContainersHoldTheSameEntriesAndOnlyBgzfIsSplitIntoMembers() throws Exception {
        assertEquals(0, run("--compression=gzip"));
        assertEquals(0, run("--compression=bgzf"));
        Path gzip = tmp.resolve("ascope-kernel-20000-8-1-1.gz");
        Path bgzf = tmp.resolve("ascope-kernel-20000-8-1-1.bgzf.gz");

        byte[] gzipBytes = Files.readAllBytes(gzip);
        assertEquals(0, gzipBytes[3] & FEXTRA, "one plain gzip stream, as the original emulator wrote");
        assertEquals(1, members(gzipBytes), "a single member");
        byte[] bgzfBytes = Files.readAllBytes(bgzf);
        assertEquals(FEXTRA, bgzfBytes[3] & FEXTRA, "BGZF members carry their size in the extra field");
        assertTrue(members(bgzfBytes) > 2, "BGZF: many members and the empty end-of-file member");

        assertArrayEquals(inflate(gzip), inflate(bgzf), "the same entries in both containers");
    }

    /** --scaling prints one row per case (each analysis alone for "each") with both sizes' figures. */
    @Test
    void scalingPrintsARowPerCaseAndRefusesOneSize() throws Exception {
        String out = stdoutOfSuccess("--scaling=20000,40000", "--dir=" + tmp,
                "--cases=summary,all-sharing+false-sharing", "--quiet", "--compression=raw", "--profile=small");
        assertTrue(Files.exists(tmp.resolve("ascope-small-20000-8-1-1.raw")), "the small profile's log");
        assertTrue(Files.exists(tmp.resolve("ascope-small-40000-8-1-1.raw")));
        assertTrue(out.contains("main ns/e 1"), out);
        for (String c : new String[] {"bare read", "summary", "all-sharing+false-sharing"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(c + " ") && l.contains("x")), c + " row: " + out);
        }
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MscanBench()).setErr(new PrintWriter(err));
        System.setErr(new PrintStream(new java.io.ByteArrayOutputStream()));
        try {
            assertEquals(2, cl.execute("--scaling=20000", "--dir=" + tmp, "--quiet"));
        } finally {
            System.setErr(ERR);
        }
    }

    private static final PrintStream ERR = System.err;

    /** The report case runs bin/mscan report's work over the whole log: a row with the bare read's entries. */
    @Test
    void theReportCaseReadsTheWholeLog() throws Exception {
        String out = stdoutOfSuccess("--entries=20000", "--dir=" + tmp, "--cases=report", "--quiet",
                "--compression=raw", "--profile=small");
        String bare = out.lines().filter(l -> l.startsWith("bare read ")).findFirst().orElseThrow();
        String report = out.lines().filter(l -> l.startsWith("report ")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals(bare.split(" +")[2], report.split(" +")[1], "entries: " + out);
        assertTrue(!report.contains("FAILED"), out);
    }

    @Test
    void anUnknownContainerIsBadUsage() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MscanBench()).setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--compression=zstd", "--entries=10", "--dir=" + tmp));
        assertTrue(err.toString().contains("expected gzip, bgzf or raw"), err.toString());
    }

    /** What mtrace-bench mscan prints on stdout with {@code args}, asserting it exits 0. */
    private static String stdoutOfSuccess(String... args) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int status;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            status = new CommandLine(new MscanBench()).execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        return out;
    }

    private int run(String compression) {
        return new CommandLine(new MscanBench()).execute("--entries=20000", "--dir=" + tmp, "--cases=default", "--quiet",
                compression);
    }

    private static byte[] inflate(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Counts gzip members: BGZF ones by their sizes, a plain one by inflating it and looking past its end. */
    private static int members(byte[] file) throws DataFormatException {
        if ((file[3] & FEXTRA) == 0) {
            assertEquals(0, file[3], "no name, comment or header CRC: the deflate data starts at byte 10");
            Inflater inflater = new Inflater(true);
            inflater.setInput(file, 10, file.length - 10);
            byte[] out = new byte[1 << 16];
            while (!inflater.finished()) {
                assertTrue(inflater.inflate(out) > 0 || inflater.finished(), "the deflate stream ends");
            }
            assertEquals(8, inflater.getRemaining(), "only the CRC and size follow: no second member");
            return 1;
        }
        int n = 0;
        int pos = 0;
        while (pos < file.length) {
            // BGZF: XLEN at 10, then subfield 'B','C' whose BSIZE (member size - 1) is at 16
            int bsize = (file[pos + 16] & 0xff) | (file[pos + 17] & 0xff) << 8;
            pos += bsize + 1;
            n++;
        }
        assertEquals(file.length, pos, "members tile the file");
        return n;
    }
}
