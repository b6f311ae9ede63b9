package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtrace.format.record.EntryRecord;

/**
 * Damaged logs: every entry before the fault is delivered, then one
 * {@link LogFormatException} with the right problem, offset and index; no
 * hang and no other exception. Expected positions come from the spec's
 * entry sizes and from inflating members independently with java.util.zip.
 */
class FaultTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final List<ReaderOptions> BOTH = List.of(Logs.PARALLEL, Logs.SEQUENTIAL);

    /** Stream offsets where each entry ends, from the spec's size table. */
    private static long[] entryEnds(List<EntryRecord> records) {
        long[] ends = new long[records.size()];
        long at = 0;
        for (int i = 0; i < ends.length; i++) {
            at += Logs.SPEC_SIZES.get(records.get(i).type().code());
            ends[i] = at;
        }
        return ends;
    }

    /** File offsets where each BGZF member ends, walking the BC size fields. */
    private static List<Integer> memberEnds(byte[] log) {
        List<Integer> ends = new ArrayList<>();
        for (int at = 0; at < log.length; ) {
            at += ((log[at + 16] & 0xff) | (log[at + 17] & 0xff) << 8) + 1;
            ends.add(at);
        }
        return ends;
    }

    /** Number of whole entries in the first {@code members} members, inflating them with java.util.zip. */
    private static int entriesInMembers(byte[] log, int members, long[] entryEnds) throws Exception {
        if (members == 0) {
            return 0;
        }
        int end = memberEnds(log).get(members - 1);
        long bytes = new GZIPInputStream(new ByteArrayInputStream(Arrays.copyOf(log, end))).readAllBytes().length;
        int n = 0;
        while (n < entryEnds.length && entryEnds[n] <= bytes) {
            n++;
        }
        return n;
    }

    private static void assertPositionMatches(Logs.Outcome o, long[] entryEnds) {
        int n = o.entries().size();
        assertEquals(n, o.fault().entryIndex(), "entry index");
        assertEquals(n == 0 ? 0 : entryEnds[n - 1], o.fault().offset(), "byte offset");
        assertTrue(o.fault().getMessage().startsWith("test.log: entry " + n + " at byte offset "),
                o.fault().getMessage());
    }

    @Test
    void rawLogCutAtEveryOffset() {
        List<EntryRecord> written = Logs.everyKind();
        byte[] log = Logs.raw(written);
        long[] ends = entryEnds(written);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int cut = 0; cut <= log.length; cut++) {
                Logs.Outcome o = Logs.read(Arrays.copyOf(log, cut), Logs.PARALLEL);
                int whole = 0;
                while (whole < ends.length && ends[whole] <= cut) {
                    whole++;
                }
                assertEquals(written.subList(0, whole), o.entries(), "cut " + cut);
                boolean atBoundary = cut == 0 || (whole > 0 && ends[whole - 1] == cut);
                if (cut == 0) {
                    assertEquals(Problem.NO_ENTRIES, o.problem(), "an empty log is an error");
                    assertPositionMatches(o, ends);
                } else if (atBoundary) {
                    assertNull(o.fault(), "cut " + cut);
                } else {
                    assertEquals(Problem.TRUNCATED_ENTRY, o.problem(), "cut " + cut);
                    assertPositionMatches(o, ends);
                }
            }
        });
    }

    @Test
    void bgzfLogCutAtEveryOffset() {
        List<EntryRecord> written = Logs.everyKind();
        long[] ends = entryEnds(written);
        assertTimeoutPreemptively(LIMIT, () -> {
            byte[] log = Logs.write(written, Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(400));
            List<Integer> members = memberEnds(log);
            assertTrue(members.size() >= 6, "several members");
            for (int cut = 0; cut <= log.length; cut++) {
                int complete = 0;
                while (complete < members.size() && members.get(complete) <= cut) {
                    complete++;
                }
                int atLeast = entriesInMembers(log, complete, ends);
                boolean cleanCut = cut == 0 || (complete > 0 && cut - members.get(complete - 1) <= 1);
                Logs.Outcome first = null;
                for (ReaderOptions opt : BOTH) {
                    Logs.Outcome o = Logs.read(Arrays.copyOf(log, cut), opt);
                    String where = "cut " + cut + " " + opt;
                    int n = o.entries().size();
                    assertEquals(written.subList(0, n), o.entries(), where);
                    assertTrue(n >= atLeast, where + ": " + n + " < " + atLeast);
                    if (cut == 1) {
                        assertEquals(Problem.TRUNCATED_ENTRY, o.problem(), where); // a lone 0x1f is not gzip
                    } else if (cut == 0) {
                        assertEquals(Problem.NO_ENTRIES, o.problem(), where);
                    } else if (cleanCut) {
                        assertNull(o.fault(), where);
                        assertEquals(atLeast, n, where);
                    } else {
                        assertEquals(Problem.TRUNCATED_GZIP, o.problem(), where);
                        assertPositionMatches(o, ends);
                    }
                    if (first == null) {
                        first = o;
                    } else {
                        assertEquals(first.entries(), o.entries(), where + ": parallel and sequential differ");
                        assertEquals(first.problem(), o.problem(), where);
                    }
                }
            }
        });
    }

    @Test
    void singleMemberGzipCutAtEveryOffset() {
        List<EntryRecord> written = Logs.everyKind();
        long[] ends = entryEnds(written);
        assertTimeoutPreemptively(LIMIT, () -> {
            byte[] log = Logs.write(written, Compression.GZIP);
            for (int cut = 0; cut < log.length; cut++) {
                Logs.Outcome o = Logs.read(Arrays.copyOf(log, cut), Logs.PARALLEL);
                int n = o.entries().size();
                assertEquals(written.subList(0, n), o.entries());
                if (cut == 0) {
                    assertEquals(Problem.NO_ENTRIES, o.problem());
                } else if (cut == 1) {
                    assertEquals(Problem.TRUNCATED_ENTRY, o.problem());
                } else {
                    assertEquals(Problem.TRUNCATED_GZIP, o.problem(), "cut " + cut);
                    assertPositionMatches(o, ends);
                }
            }
            // the trailer is what is missing in the last 8 cuts: every entry was decoded
            assertEquals(written.size(), Logs.read(Arrays.copyOf(log, log.length - 1), Logs.PARALLEL).entries().size());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BGZF"})
    void aLargeLogCutAnywhereDeliversEveryEntryZlibDecodes(Compression c) throws Exception {
        // Several 1 MiB blocks are filled before the cut: the block being filled when the fault comes is delivered.
        List<EntryRecord> written = Logs.mixed(100_000);
        long[] ends = entryEnds(written);
        byte[] log = Logs.write(written, c);
        for (int cut : new int[] {log.length * 9 / 10, log.length / 3, log.length - 9, log.length - 40}) {
            byte[] cutLog = Arrays.copyOf(log, cut);
            java.io.ByteArrayOutputStream zlib = new java.io.ByteArrayOutputStream();
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(cutLog))) {
                in.transferTo(zlib);
            } catch (java.io.EOFException expected) {
                // java.util.zip hands out what it decoded, then reports the cut
            }
            int decodable = 0;
            while (decodable < ends.length && ends[decodable] <= zlib.size()) {
                decodable++;
            }
            for (ReaderOptions o : BOTH) {
                Logs.Outcome out = Logs.read(cutLog, o);
                assertEquals(Problem.TRUNCATED_GZIP, out.problem());
                assertEquals(decodable, out.entries().size(), "cut " + cut);
                assertEquals(written.subList(0, decodable), out.entries());
            }
        }
    }

    @Test
    void corruptDeflateDataInABgzfMemberIsReportedAfterTheMembersBeforeIt() throws Exception {
        List<EntryRecord> written = Logs.mixed(20_000);
        long[] ends = entryEnds(written);
        byte[] log = Logs.write(written, Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(8000));
        List<Integer> members = memberEnds(log);
        int bad = 5;
        int before = entriesInMembers(log, bad, ends);
        int start = members.get(bad - 1);
        int end = members.get(bad);
        // corrupt the middle of the deflate data, then separately the CRC-32 and the ISIZE fields (an ISIZE
        // beyond 1 MiB would instead send the member to the sequential path, checked by the loop below)
        for (int pos : new int[] {start + 18 + (end - start - 26) / 2, end - 8, end - 4, end - 2}) {
            byte[] damaged = log.clone();
            damaged[pos] ^= 0x5a;
            Logs.Outcome o = Logs.read(damaged, Logs.PARALLEL);
            assertEquals(Problem.CORRUPT_GZIP, o.problem(), "byte " + pos);
            if (pos == end - 2) {
                assertEquals(written.subList(0, before), o.entries().subList(0, before));
                continue;
            }
            assertEquals(before, o.entries().size(), "byte " + pos);
            assertEquals(written.subList(0, before), o.entries());
            assertPositionMatches(o, ends);
            assertTrue(o.fault().detail().contains("file offset " + start), o.fault().detail());
            // sequential decoding holds each member back until its trailer is checked, too
            Logs.Outcome s = Logs.read(damaged, Logs.SEQUENTIAL);
            assertEquals(Problem.CORRUPT_GZIP, s.problem(), "byte " + pos);
            assertEquals(written.subList(0, before), s.entries());
        }
    }

    @Test
    void aCorruptSingleMemberThatFitsABlockHandsOutNothing() throws Exception {
        List<EntryRecord> written = Logs.mixed(5_000);
        byte[] log = Logs.write(written, Compression.GZIP);
        assertTrue(entryEnds(written)[written.size() - 1] < PipelinedSource.BLOCK_SIZE, "the member fits a block");
        for (int back : new int[] {8, 5, 4, 1}) { // CRC-32 bytes, then ISIZE bytes
            byte[] damaged = log.clone();
            damaged[log.length - back] ^= 1;
            for (ReaderOptions opt : BOTH) {
                Logs.Outcome o = Logs.read(damaged, opt);
                assertEquals(Problem.CORRUPT_GZIP, o.problem());
                assertEquals(List.of(), o.entries(), "verified before output");
                assertTrue(o.fault().detail().contains("none of this member's data was handed out"), o.fault().detail());
            }
        }
    }

    @Test
    void aCorruptSingleMemberLargerThanABlockSaysWhatWasHandedOutUnverified() throws Exception {
        List<EntryRecord> written = Logs.mixed(60_000);
        long[] ends = entryEnds(written);
        long total = ends[ends.length - 1];
        assertTrue(total > 2L * PipelinedSource.BLOCK_SIZE, "spans more than two blocks: " + total);
        byte[] log = Logs.write(written, Compression.GZIP);
        byte[] damaged = log.clone();
        damaged[log.length - 8] ^= 1; // the CRC-32
        Logs.Outcome o = Logs.read(damaged, Logs.PARALLEL);
        assertEquals(Problem.CORRUPT_GZIP, o.problem());
        // whole blocks go out before the trailer is reached; the last, partial one is held back and dropped
        long handedOut = total / PipelinedSource.BLOCK_SIZE * PipelinedSource.BLOCK_SIZE;
        int n = 0;
        while (ends[n] <= handedOut) {
            n++;
        }
        assertEquals(written.subList(0, n), o.entries());
        assertPositionMatches(o, ends);
        assertTrue(o.fault().detail().contains(handedOut + " bytes of this member were handed out before they could be "
                + "verified, so entries before this error may be wrong: the last verified data ends at byte offset 0 of "
                + "the log (file offset 0)"), o.fault().detail());
    }

    @Test
    void aFlippedBsizeByteDoesNotTurnTheMemberCheckOff() throws Exception {
        List<EntryRecord> written = Logs.mixed(20_000);
        long[] ends = entryEnds(written);
        byte[] log = Logs.write(written, Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(8000));
        List<Integer> members = memberEnds(log);
        int bad = 5;
        int start = members.get(bad - 1);
        int end = members.get(bad);
        int before = entriesInMembers(log, bad, ends);
        byte[] bsizeOnly = log.clone();
        bsizeOnly[start + 16] ^= 0x10; // BSIZE's low byte (RFC 1952 header, XLEN, then 'B','C', SLEN, BSIZE)
        for (ReaderOptions opt : BOTH) {
            Logs.Outcome o = Logs.read(bsizeOnly, opt);
            assertNull(o.fault(), "the member itself is intact: " + opt);
            assertEquals(written, o.entries());
        }
        byte[] damaged = bsizeOnly.clone();
        damaged[start + 18 + (end - start - 26) / 2] ^= 0x5a; // and its deflate data
        for (ReaderOptions opt : BOTH) {
            Logs.Outcome o = Logs.read(damaged, opt);
            assertEquals(Problem.CORRUPT_GZIP, o.problem(), opt.toString());
            assertEquals(written.subList(0, before), o.entries(), "nothing of the bad member: " + opt);
            assertPositionMatches(o, ends);
        }
    }

    @Test
    void everyFlippedByteOfASmallBgzfLogEndsCleanlyOrWithALogFormatException() {
        assertTimeoutPreemptively(LIMIT, () -> {
            byte[] log = Logs.write(Logs.everyKind(), Compression.BGZF, WriterOptions.DEFAULT.withMemberPayload(600));
            for (int pos = 0; pos < log.length; pos++) {
                byte[] damaged = log.clone();
                damaged[pos] ^= (byte) 0xff;
                for (ReaderOptions opt : BOTH) {
                    Logs.read(damaged, opt); // throws anything but LogFormatException → test error
                }
            }
        });
    }

    @Test
    void aFailingStreamIsAnIoErrorAfterTheEntriesReadBeforeIt() throws Exception {
        List<EntryRecord> written = Logs.mixed(50_000);
        long[] ends = entryEnds(written);
        for (Compression c : Compression.values()) {
            byte[] log = Logs.write(written, c);
            int failAt = log.length / 2;
            for (ReaderOptions o : BOTH) {
                Logs.Outcome out = Logs.read(failingAfter(log, failAt), o);
                assertEquals(Problem.IO_ERROR, out.problem(), c + " " + o);
                assertTrue(out.fault().detail().contains("device gone"), out.fault().detail());
                assertEquals(written.subList(0, out.entries().size()), out.entries());
                assertPositionMatches(out, ends);
                if (c == Compression.RAW) {
                    // every entry that was completely read before the failure
                    assertTrue(ends[out.entries().size()] > failAt, "entry after the last one delivered is cut");
                }
            }
        }
    }

    /** A stream over the first {@code failAt} bytes of {@code log} whose next read then fails. */
    private static java.io.InputStream failingAfter(byte[] log, int failAt) {
        return new java.io.FilterInputStream(new ByteArrayInputStream(log, 0, failAt)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new java.io.IOException("device gone");
                }
                return n;
            }
        };
    }

    @Test
    void randomBytesNeverHangOrEscapeAsAnotherException() {
        SplittableRandom rnd = new SplittableRandom(20261123);
        byte[] valid = Logs.write0(Logs.mixed(400), Compression.BGZF);
        byte[] validGzip = Logs.write0(Logs.mixed(400), Compression.GZIP);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int round = 0; round < 600; round++) {
                byte[] input;
                switch (round % 4) {
                    case 0 -> { // pure noise
                        input = new byte[rnd.nextInt(4000)];
                        rnd.nextBytes(input);
                    }
                    case 1 -> { // noise behind a gzip magic
                        input = new byte[2 + rnd.nextInt(4000)];
                        rnd.nextBytes(input);
                        input[0] = 0x1f;
                        input[1] = (byte) 0x8b;
                        input[2] = 8;
                    }
                    case 2 -> { // a valid BGZF log with a few random bytes overwritten
                        input = valid.clone();
                        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                            input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                        }
                    }
                    default -> { // a valid gzip log, cut and overwritten
                        input = Arrays.copyOf(validGzip, 1 + rnd.nextInt(validGzip.length));
                        input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                    }
                }
                Logs.Outcome o = Logs.read(input, round % 2 == 0 ? Logs.PARALLEL : Logs.SEQUENTIAL);
                if (o.fault() != null) {
                    assertEquals(o.entries().size(), o.fault().entryIndex());
                }
            }
        });
    }
}
